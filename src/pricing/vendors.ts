/**
 * Which vendor sells a price-table model, and whether it is a general text model another one can
 * stand in for — what "a cheaper model of the same provider" means to cost advice. Read from the
 * table's own keys (src/pricing/prices.ts), so a new entry needs no second list.
 */

const VENDOR_PREFIXES: ReadonlyArray<readonly [string, RegExp]> = [
  // gpt-oss is open-weight, served by many hosts (Groq, Bedrock, …), not an OpenAI API model.
  ['openai', /^(?:gpt-(?!oss-)|o\d(?:-|$)|chatgpt-)/],
  ['anthropic', /^claude-/],
  ['google', /^gemini-/],
  ['mistral', /^(?:mistral-|open-mistral|open-mixtral|codestral|ministral-|pixtral-|magistral-|devstral-)/],
  ['amazon', /^amazon\./],
  ['meta', /^meta\./],
  ['cohere', /^cohere\./],
  ['deepseek', /^deepseek-/],
];

/** Not a stand-in for a chat model: embeddings, speech, images, realtime, research agents, legacy completions. */
const NOT_A_TEXT_MODEL = /embed|realtime|turbo-instruct|deep-research|davinci|babbage|tts|whisper|dall-e|image|audio|transcribe|moderation|search|codex/;
/** Dated snapshots (gpt-4o-2024-05-13, gpt-3.5-turbo-1106, mistral-medium-2312): the alias is the entry to suggest. */
const SNAPSHOT = /-(?:\d{4}|20\d{2}-\d{2}-\d{2})$/;

/** The vendor of a price key; '' when unknown (user override keys may be anything). */
export function modelVendor(key: string): string {
  const k = key.toLowerCase();
  for (const [vendor, re] of VENDOR_PREFIXES) if (re.test(k)) return vendor;
  return '';
}

/** Whether this key may be suggested in place of a chat model. */
export function isSuggestableTextModel(key: string): boolean {
  return !key.includes('/') && !NOT_A_TEXT_MODEL.test(key) && !SNAPSHOT.test(key);
}
