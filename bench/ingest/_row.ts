import { makePayloads } from '../support/payloads.ts';
import { rowsFor } from './rows.ts';
const { payloads } = makePayloads({ requests: 1, spansPerRequest: [200, 200], seed: 7 });
const rows = await rowsFor(payloads);
for (const [t, parts] of Object.entries(rows)) { const lines = parts.join('').split('\n'); console.log('==', t); console.log(lines[0]); console.log(lines[1]); }
