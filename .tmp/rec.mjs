import { Session } from 'chdb';
const s = new Session('/work/wt/agents/.tmp/rectest-' + process.pid);
const q = `WITH RECURSIVE t AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM t WHERE n < 5) SELECT sum(n) FROM t`;
console.log(s.query(q, 'CSV'));
console.log(s.query('SELECT version()', 'CSV'));
s.cleanup?.();
