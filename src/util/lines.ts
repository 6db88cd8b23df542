/** Newline-terminated lines in JSONEachRow text (a string, or its UTF-8 bytes). */
export function countLines(text: string | Uint8Array): number {
  let n = 0;
  if (typeof text === 'string') {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  } else {
    for (let i = text.indexOf(0x0a); i >= 0; i = text.indexOf(0x0a, i + 1)) n++;
  }
  return n;
}
