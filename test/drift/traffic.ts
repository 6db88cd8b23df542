/** Deterministic synthetic LLM traffic for the drift tests: a reference week and a recent hour, with or without a controlled shift. */
import { mulberry32 } from '../../src/util/prng.ts';

export const rng = mulberry32;

const BILLING = 'invoice refund charge payment subscription receipt credit balance account billing statement renewal discount coupon pricing upgrade downgrade plan monthly annual'.split(' ');
const VIAJES = 'vuelo hotel reserva maleta equipaje aeropuerto pasaporte destino billete tarjeta embarque retraso cancelación habitación playa montaña excursión crucero'.split(' ');

export interface GroupSpec {
  service: string;
  model?: string;
  prompt?: string;
  version?: string;
  project?: string;
}

export interface Shape {
  /** Mean input tokens. */
  inputTokens: number;
  /** Share of calls ending in a tool call. */
  toolRate: number;
  /** 'en-billing' | 'es-travel' */
  content: 'en-billing' | 'es-travel';
}

export const BASELINE: Shape = { inputTokens: 400, toolRate: 0.1, content: 'en-billing' };
export const SHIFTED: Shape = { inputTokens: 900, toolRate: 0.6, content: 'es-travel' };

const hex = (n: number, len: number) => n.toString(16).padStart(len, '0');
let serial = 1;

/** `n` calls of group g spread evenly over [fromMs, toMs), shaped by s. Returns JSONEachRow text for llm_calls. */
export function calls(g: GroupSpec, s: Shape, n: number, fromMs: number, toMs: number, random: () => number): string {
  let out = '';
  for (let i = 0; i < n; i++) {
    const ms = fromMs + Math.floor(((i + random()) * (toMs - fromMs)) / n);
    const words = s.content === 'en-billing' ? BILLING : VIAJES;
    const picks = Array.from({ length: 8 }, () => words[Math.floor(random() * words.length)]);
    const input =
      s.content === 'en-billing'
        ? `Hello, this is about the ${picks.slice(0, 4).join(' and the ')} for my account. What is the ${picks.slice(4).join(', ')}?`
        : `Hola, es sobre el ${picks.slice(0, 4).join(' y el ')} para mi viaje. ¿Qué pasa con el ${picks.slice(4).join(', ')}?`;
    const tool = random() < s.toolRate;
    const id = serial++;
    out +=
      JSON.stringify({
        project_id: g.project ?? 'default',
        timestamp: (BigInt(ms) * 1_000_000n).toString(),
        trace_id: hex(id, 32),
        span_id: hex(id, 16),
        service_name: g.service,
        request_model: g.model ?? 'gpt-4o-mini',
        prompt_name: g.prompt ?? 'support',
        prompt_version: g.version ?? 'v1',
        status: 'ok',
        input_tokens: Math.max(1, Math.round(s.inputTokens * (0.5 + random()))),
        output_tokens: Math.round(150 * (0.5 + random())),
        finish_reasons: [tool ? 'tool_calls' : 'stop'],
        input_text: input,
        output_text: tool ? '' : 'Thanks for reaching out. Here is what I found about your question.',
        toxicity: random() * 0.1,
        readability: 60 + random() * 20,
      }) + '\n';
  }
  return out;
}
