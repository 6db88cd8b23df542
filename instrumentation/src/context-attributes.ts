import { context, createContextKey, type Attributes, type AttributeValue, type Context } from '@opentelemetry/api';
import { ATTR, LLMSCOPE_ATTR } from '@llmscope/semconv';

/** A versioned prompt template; every LLM call inside `withPrompt` carries its name and version. */
export interface PromptInfo {
  name: string;
  version?: string | number;
  /** Template variables; recorded (as JSON) only when content capture is on, since they are user data. */
  variables?: Record<string, unknown>;
}

/**
 * Attributes for every LLM call inside `withAttributes`. Known keys map to conventions
 * (userId → user.id, sessionId → session.id, feature → llmscope.feature, conversationId →
 * gen_ai.conversation.id); a dotted key is used as the attribute name; other keys become `llmscope.<key>`.
 */
export interface CallAttributes {
  userId?: string;
  sessionId?: string;
  feature?: string;
  conversationId?: string;
  [key: string]: AttributeValue | undefined;
}

interface ScopedAttributes {
  attributes: Attributes;
  promptVariables?: Record<string, unknown>;
}

const SCOPED_ATTRIBUTES_KEY = createContextKey('llmscope.scoped-attributes');

const KNOWN_KEYS: Record<string, string> = {
  userId: ATTR.USER_ID,
  sessionId: ATTR.SESSION_ID,
  feature: LLMSCOPE_ATTR.FEATURE,
  conversationId: ATTR.CONVERSATION_ID,
};

function attributeName(key: string): string {
  return KNOWN_KEYS[key] ?? (key.includes('.') ? key : `llmscope.${key}`);
}

function currentScope(): ScopedAttributes | undefined {
  return context.active().getValue(SCOPED_ATTRIBUTES_KEY) as ScopedAttributes | undefined;
}

function runWithScope<T>(scope: ScopedAttributes, fn: () => T): T {
  return context.with(context.active().setValue(SCOPED_ATTRIBUTES_KEY, scope), fn);
}

/** Runs `fn`; every LLM call made inside it (also after awaits, timers, callbacks) gets these attributes. */
export function withAttributes<T>(attributes: CallAttributes, fn: () => T): T {
  const outer = currentScope();
  const merged: Attributes = { ...outer?.attributes };
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) merged[attributeName(key)] = value;
  }
  return runWithScope({ attributes: merged, promptVariables: outer?.promptVariables }, fn);
}

/** Runs `fn`; every LLM call made inside it carries the prompt's name and version. */
export function withPrompt<T>(prompt: PromptInfo, fn: () => T): T {
  const outer = currentScope();
  const merged: Attributes = { ...outer?.attributes, [LLMSCOPE_ATTR.PROMPT_NAME]: prompt.name };
  if (prompt.version !== undefined) merged[LLMSCOPE_ATTR.PROMPT_VERSION] = String(prompt.version);
  else delete merged[LLMSCOPE_ATTR.PROMPT_VERSION];
  return runWithScope({ attributes: merged, promptVariables: prompt.variables }, fn);
}

/** The scoped attributes carried by `ctx`. */
export function scopedAttributesIn(ctx: Context): ScopedAttributes | undefined {
  return ctx.getValue(SCOPED_ATTRIBUTES_KEY) as ScopedAttributes | undefined;
}
