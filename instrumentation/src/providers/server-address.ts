/** server.address / server.port of a base URL (default ports filled in, IPv6 brackets removed). */
export interface ServerAddress {
  address: string;
  port: number;
}

const cache = new Map<string, ServerAddress | undefined>();

export function serverAddressOf(baseUrl: unknown): ServerAddress | undefined {
  if (typeof baseUrl !== 'string') return undefined;
  if (cache.has(baseUrl)) return cache.get(baseUrl);
  let parsed: ServerAddress | undefined;
  try {
    const url = new URL(baseUrl);
    parsed = {
      address: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port ? Number(url.port) : url.protocol === 'http:' ? 80 : 443,
    };
  } catch {
    parsed = undefined;
  }
  if (cache.size < 256) cache.set(baseUrl, parsed);
  return parsed;
}
