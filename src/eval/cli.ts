/** `llmscope eval`: flags (src/config.ts) → items → runEval → one JSON summary line on stdout. */
import { basename } from 'node:path';
import { existsSync } from 'node:fs';
import { ConfigError, type CollectorConfig } from '../config.ts';
import type { Store } from '../store/store.ts';
import { readCollectorFile } from '../query/collector-file.ts';
import { readDataset } from './dataset.ts';
import { MetricError, parseMetrics } from './metrics/index.ts';
import { commandPredictor, urlPredictor, type Predictor } from './predict.ts';
import { evalJudgeSettings } from './judge-metric.ts';
import { CollectorSink, StoreSink, type EvalSink } from './sink.ts';
import { callItems } from './from-calls.ts';
import { runEval } from './run.ts';
import { EVAL_USAGE } from './usage.ts';



export async function runEvalCommand(config: CollectorConfig, positional: string[], openStore: (c: CollectorConfig) => Promise<Store>): Promise<number> {
  if (positional.length) throw new ConfigError(`eval takes no positional arguments (got "${positional.join(' ')}")\n\n${EVAL_USAGE}`);
  const dataset = config.evalDataset;
  const fromCalls = config.evalFromCalls;
  if (!dataset === !fromCalls) throw new ConfigError(`give --dataset FILE or --from-calls "<condition>" (one of them)\n\n${EVAL_USAGE}`);
  if (config.evalCallUrl && config.evalCallCmd) throw new ConfigError('give --call-url or --call-cmd, not both');
  if (dataset && !existsSync(dataset)) throw new ConfigError(`--dataset: no file ${dataset}`);
  let metrics;
  try {
    metrics = parseMetrics(config.evalMetrics);
  } catch (e) {
    if (e instanceof MetricError) throw new ConfigError(`--metrics: ${e.message}`);
    throw e;
  }
  const criteria = metrics.filter((m) => m.startsWith('judge:')).map((m) => m.slice(6));
  const judge = criteria.length ? evalJudgeSettings(config, criteria) : undefined;
  if (config.evalCallUrl) {
    try {
      const u = new URL(config.evalCallUrl);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
    } catch {
      throw new ConfigError(`--call-url: "${config.evalCallUrl}" is not an http(s) URL`);
    }
  }
  const predictor: Predictor | undefined = config.evalCallUrl ? urlPredictor(config.evalCallUrl) : config.evalCallCmd ? commandPredictor(config.evalCallCmd) : undefined;

  let sink: EvalSink;
  const url = config.clickhouseUrl ? '' : config.url || readCollectorFile(config.dataDir)?.url || '';
  if (url) sink = new CollectorSink(url, config.key);
  else {
    const store = await openStore(config);
    try {
      sink = await StoreSink.open(store, config.database, config.clickhouseUrl ? `ClickHouse at ${config.clickhouseUrl}` : `the store in ${config.dataDir}`);
    } catch (e) {
      await store.close().catch(() => undefined);
      throw e;
    }
  }
  try {
    const items = dataset ? readDataset(dataset) : await callItems((sql) => sink.query(sql), config.database, fromCalls === 'true' ? '' : fromCalls, config.evalLimit);
    const source = fromCalls ? 'from-calls' : config.evalCallUrl ? 'call-url' : config.evalCallCmd ? 'call-cmd' : 'dataset';
    const label = dataset ? basename(dataset) : fromCalls;
    const summary = await runEval(items, {
      metrics,
      name: config.evalName || (dataset ? basename(dataset) : 'from-calls'),
      source,
      dataset: label.slice(0, 1024),
      promptName: config.evalPromptName,
      promptVersion: config.evalPromptVersion,
      model: config.evalModel,
      ...(predictor ? { predictor } : {}),
      ...(judge ? { judge } : {}),
      concurrency: Math.max(1, config.evalConcurrency),
      rougeStemmer: config.evalRougeStemmer,
      sink,
      onItemError: (line, message) => process.stderr.write(`llmscope eval: ${fromCalls ? 'call' : 'line'} ${line}: ${message}\n`),
    });
    process.stdout.write(JSON.stringify({ ...summary, stored_in: sink.where }) + '\n');
    return summary.items > 0 ? 0 : 1;
  } finally {
    await sink.close();
  }
}
