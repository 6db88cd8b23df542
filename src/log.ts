/** Structured JSON logs on stderr, one object per line. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
type Level = keyof typeof LEVELS;

export function createLogger(level: string, write: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  const min = LEVELS[(level as Level) in LEVELS ? (level as Level) : 'info'];
  const emit = (l: Level) => (msg: string, fields?: Record<string, unknown>) => {
    if (LEVELS[l] < min) return;
    write(JSON.stringify({ time: new Date().toISOString(), level: l, msg, ...fields }) + '\n');
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
