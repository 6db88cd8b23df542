/**
 * Trains the prompt-injection model and writes src/enrich/prompt-injection/model/prompt-injection-model.bin.
 *   npx node scripts/prompt-injection/train.ts
 * Deterministic: the same data gives the same file (sha256 printed).
 */
import { writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { encodeInjectionModel, INJECTION_MODEL_URL } from '../../src/enrich/prompt-injection/model.ts';
import { runExperiment } from './experiment.ts';

const started = performance.now();
const experiment = runExperiment((line) => console.log(line));
const bytes = encodeInjectionModel(experiment.weights);
writeFileSync(INJECTION_MODEL_URL, bytes);
console.log(`wrote ${bytes.length} bytes in ${((performance.now() - started) / 1000).toFixed(1)} s, sha256 ${createHash('sha256').update(bytes).digest('hex')}`);
