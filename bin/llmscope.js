#!/usr/bin/env -S node --max-semi-space-size=16
// The CLI is TypeScript run by Node's type stripping (Node >= 22.18 / 24); this shim only checks the version.
// The V8 flag on the first line is src/startup/node-flags.ts's (env -S: Linux coreutils >= 8.30, macOS, npm's cmd-shim).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(`llmscope needs Node.js >= 22.18 (this is ${process.versions.node}). Run it through npm (npx llmscope / npm start), which uses the project's pinned Node 24.`);
  process.exitCode = 1;
} else {
  await import('../src/cli.ts');
}
