/** Renders the README's configuration table from src/config.ts (run: npx node scripts/config-table.ts --write). */
import { readFileSync, writeFileSync } from 'node:fs';
import { SETTINGS } from '../src/config.ts';

export function configTable(): string {
  const rows = SETTINGS.map((s) => {
    const def = Array.isArray(s.default) ? s.default.join(',') : String(s.default);
    return `| \`${s.flag}\` | ${s.env ? `\`${s.env}\`` : ''} | ${def === '' ? '' : `\`${def}\``} | ${s.help} | ${s.commands.join(', ')} |`;
  });
  return ['| flag | environment | default | meaning | commands |', '|---|---|---|---|---|', ...rows].join('\n');
}

if (process.argv.includes('--write')) {
  const url = new URL('../README.md', import.meta.url);
  const readme = readFileSync(url, 'utf8');
  const out = readme.replace(
    /<!-- config-table:start -->[\s\S]*<!-- config-table:end -->/,
    `<!-- config-table:start -->\n${configTable()}\n<!-- config-table:end -->`,
  );
  writeFileSync(url, out);
}
