#!/usr/bin/env node
// The registry this project is built against serves only the linux-x64 builds of some
// platform-specific optional packages, so `npm install` writes a lock that `npm ci` rejects
// ("Missing … from lock file"). Run this after every `npm install`: it adds lock entries,
// marked optional with their os/cpu/libc, for the other platforms' packages.
import { readFileSync, writeFileSync } from 'node:fs';

const LOCK = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(LOCK, 'utf8'));
const pkgs = lock.packages;

/** Guess os/cpu/libc from a platform package name such as `@chdb/lib-linux-arm64-gnu`. */
function platformOf(name) {
  const n = name.toLowerCase();
  const os = ['darwin', 'linux', 'win32', 'freebsd'].find((o) => n.includes(o)) ?? (n.includes('windows') ? 'win32' : undefined);
  const cpu = ['arm64', 'x64', 'ia32', 'arm'].find((c) => n.includes(c));
  const libc = n.includes('musl') ? 'musl' : n.includes('gnu') ? 'glibc' : undefined;
  return { os, cpu, libc };
}

function resolves(fromPath, dep) {
  let base = fromPath;
  for (;;) {
    if (pkgs[(base ? `${base}/node_modules/` : 'node_modules/') + dep]) return true;
    if (!base) return false;
    const i = base.lastIndexOf('/node_modules/');
    base = i >= 0 ? base.slice(0, i) : '';
  }
}

let added = 0;
for (const [path, entry] of Object.entries({ ...pkgs })) {
  for (const [dep, range] of Object.entries(entry.optionalDependencies ?? {})) {
    if (resolves(path, dep)) continue;
    const { os, cpu, libc } = platformOf(dep);
    if (!os) continue; // not a platform package: leave it to npm
    const version = String(range).replace(/^[\^~>=<\s]+/, '').split(/\s/)[0];
    const e = { version, optional: true, os: [os] };
    if (cpu) e.cpu = [cpu];
    if (libc) e.libc = [libc];
    if (entry.dev) e.dev = true;
    pkgs[`node_modules/${dep}`] = e;
    added++;
    console.log(`added ${dep}@${version} (${os}${cpu ? '/' + cpu : ''}${libc ? '/' + libc : ''})`);
  }
}
lock.packages = Object.fromEntries(Object.entries(pkgs).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)));
writeFileSync(LOCK, JSON.stringify(lock, null, 2) + '\n');
console.log(`lock-platforms: ${added} entr${added === 1 ? 'y' : 'ies'} added`);
