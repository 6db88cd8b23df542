# syntax=docker/dockerfile:1
# llmscope collector. Node 24 runs the TypeScript sources directly (type stripping): no build step,
# the image carries src/ and bin/ as they are in the repository.
#
#   docker build -t llmscope/collector .
#   docker run -p 4318:4318 -p 4317:4317 llmscope/collector         # embedded store in /data; OTLP/HTTP + gRPC
#   docker run -p 4318:4318 -e CLICKHOUSE_URL=http://ch:8123 llmscope/collector

# ── production dependencies only ─────────────────────────────────────────────
FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# the workspace manifests are needed for `npm ci` to accept the lockfile (and to link @llmscope/semconv)
COPY semconv/package.json ./semconv/package.json
COPY instrumentation/package.json ./instrumentation/package.json
# --ignore-scripts: the root "prepare" script builds the instrumentation package with tsc (a dev
# dependency); the collector does not need it. chdb ships its native library as a platform package.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force

# ── the console bundle (esbuild, Preact, uPlot are dev dependencies: only the bundle ships) ──
FROM node:24-slim AS console
WORKDIR /app
COPY package.json package-lock.json ./
COPY semconv/package.json ./semconv/package.json
COPY instrumentation/package.json ./instrumentation/package.json
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY console ./console
RUN node console/build.ts

# ── runtime ──────────────────────────────────────────────────────────────────
FROM node:24-slim AS runtime
ENV NODE_ENV=production \
    LLMSCOPE_PORT=4318 \
    LLMSCOPE_GRPC_PORT=4317 \
    LLMSCOPE_DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
# the console served at GET / (src/console/mount.ts reads console/dist)
COPY --from=console /app/console/dist ./console/dist
COPY package.json ./
COPY instrumentation/package.json ./instrumentation/package.json
# The GenAI attribute names' one source, a workspace package (node_modules/@llmscope/semconv links here).
COPY semconv ./semconv
COPY bin ./bin
COPY src ./src
# The panel API (/api/v1/dashboards…) serves and runs the Grafana dashboards' SQL.
COPY dashboards ./dashboards
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 4318 4317
HEALTHCHECK --interval=10s --timeout=5s --start-period=15s --retries=6 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.LLMSCOPE_PORT || 4318) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# V8's young generation at most 2 x 16 MiB: Node 24 grows it up to 128 MiB when much survives a
# scavenge, as requests waiting for the write-ahead log do under sustained ingest. Same rate and CPU;
# bench/ingest peak RSS (--node-args): 565-646 -> 551-557 MiB at 60k spans, 714 -> 628 MiB at 200k.
ENV NODE_OPTIONS="--max-semi-space-size=16"
# Without CLICKHOUSE_URL the collector uses the embedded store in /data.
CMD ["node", "src/cli.ts", "collector", "--host", "0.0.0.0"]
