import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'instrumentation/test/**/*.test.ts'],
    // chdb binds one data directory per process: every test file runs in its own forked process.
    pool: 'forks',
    testTimeout: 60_000,
    // Collectors started by tests (also as child processes, which inherit this) open no gRPC port
    // unless a test asks for one: parallel test files would otherwise all want 4317.
    env: { LLMSCOPE_GRPC_PORT: '0' },
    hookTimeout: 120_000,
  },
});
