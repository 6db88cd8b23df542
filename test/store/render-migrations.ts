import { MIGRATIONS } from '../../src/store/migrations.ts';

/** The options the stored rendering covers: single node, with TTL, and a cluster. */
export const RENDER_OPTIONS = [{ database: 'llmscope' }, { database: 'llmscope', ttlDays: 30 }, { database: 'obs', cluster: 'llmscope', ttlDays: 7 }];

/** Every released migration's statements under RENDER_OPTIONS, as text (test/store/fixtures/migrations.sql). */
export function renderMigrations(): string {
  let out = '';
  for (const m of MIGRATIONS) {
    out += `=== v${m.version}\n`;
    for (const o of RENDER_OPTIONS) out += `-- options: ${JSON.stringify(o)}\n` + m.statements(o).join(';\n\n') + ';\n\n';
  }
  return out;
}

// `npx node test/store/render-migrations.ts > test/store/fixtures/migrations.sql` — only when a NEW migration is appended.
if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(renderMigrations());
