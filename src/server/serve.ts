/**
 * Listening: OTLP/HTTP (and the read API, console …) on --port and OTLP/gRPC on --grpc-port, with
 * the start-up checks and the one-line errors a supervisor sees when a port cannot be taken.
 */
import { serve, type ServerType } from '@hono/node-server';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { startGrpcServer, type GrpcDeps, type GrpcServer } from './grpc.ts';

/** A start-up failure the CLI reports as one line (and exits non-zero). */
export class StartupError extends Error {
  override name = 'StartupError';
}

export type Tls = { cert: Buffer; key: Buffer };

export interface ServeOptions {
  fetch: (req: Request) => Response | Promise<Response>;
  host: string;
  port: number;
  /** 0 = no gRPC listener. */
  grpcPort: number;
  tls: Tls | null;
  /** What the gRPC services need (the HTTP side's equivalents live in its app). */
  grpc: Omit<GrpcDeps, 'tls'>;
}

export interface Listening {
  url: string;
  port: number;
  /** 0 when gRPC is off. */
  grpcPort: number;
  /** Stops both listeners (requests in progress finish). */
  close(): Promise<void>;
}

/** Listens on both ports, or on neither: a gRPC port that cannot be taken closes the HTTP listener again. */
export async function serveCollector(o: ServeOptions): Promise<Listening> {
  const server = await listenHttp(o.fetch, o.host, o.port, o.tls);
  const closeHttp = () => new Promise<void>((resolve) => server.close(() => resolve()));
  let grpc: GrpcServer | undefined;
  if (o.grpcPort > 0) {
    try {
      grpc = await startGrpcServer(o.host, o.grpcPort, { ...o.grpc, tls: o.tls });
    } catch (e) {
      await closeHttp();
      throw new StartupError(`cannot listen for OTLP/gRPC on ${o.host}:${o.grpcPort}: ${(e as Error).message} (use --grpc-port, 0 = off)`);
    }
  }
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${o.tls ? 'https' : 'http'}://${o.host.includes(':') ? `[${o.host}]` : o.host}:${port}`,
    port,
    grpcPort: grpc?.port ?? 0,
    close: async () => {
      await Promise.all([closeHttp(), grpc?.close()]);
    },
  };
}

/**
 * Fails at once when the port is taken (the real listen comes after the store and the pipeline are
 * up, which takes seconds; a supervisor should learn of a taken port without waiting for that).
 */
export async function ensurePortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', (e: NodeJS.ErrnoException) => reject(listenError(e, `${host}:${port}`)));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}

function listenError(e: NodeJS.ErrnoException, where: string): StartupError {
  return new StartupError(
    e.code === 'EADDRINUSE' ? `cannot listen on ${where}: the port is in use (set --port)` : e.code === 'EACCES' ? `cannot listen on ${where}: permission denied` : `cannot listen on ${where}: ${e.message}`,
  );
}

function listenHttp(fetch: ServeOptions['fetch'], host: string, port: number, tls: Tls | null): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const s = serve({ fetch, port, hostname: host, ...(tls ? { createServer: createHttpsServer, serverOptions: tls } : {}) }, () => resolve(s));
    s.once('error', (e: NodeJS.ErrnoException) => {
      s.close();
      reject(listenError(e, `${host}:${port}`));
    });
  });
}
