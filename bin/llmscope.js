#!/usr/bin/env node
// The CLI is TypeScript run by Node's type stripping (Node >= 22.18 / 24); this shim only checks the version.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(`llmscope needs Node.js >= 22.18 (this is ${process.versions.node}). Run it through npm (npx llmscope / npm start), which uses the project's pinned Node 24.`);
  process.exitCode = 1;
} else {
  await import('../src/cli.ts');
}
