/** `llmscope eval --help` text (its own module: the CLI prints it without loading the metrics). */
export const EVAL_USAGE = `Usage: llmscope eval --dataset FILE.jsonl --metrics bleu,chrf,ter,rouge1,rouge2,rougeL,exact,judge:<criterion> [--name RUN] [--prompt-version V] [--model M]
       llmscope eval --dataset FILE.jsonl --call-url URL | --call-cmd CMD --metrics …
       llmscope eval --from-calls "<SQL condition on llm_calls>" --metrics …
Each dataset line: {"prediction": "…", "references": ["…", …]} (or "reference": "…"; optional "id", "input",
"context", "logprobs"). Lines without a prediction get one from --call-url (POST {"input"} → {"prediction"})
or --call-cmd (stdin {"input"} → stdout). --from-calls evaluates stored calls with a reference sent as
feedback ({"reference": "…"} on POST /api/v1/feedback). Results go to eval_runs / eval_results: through the running
collector (--url, or <data-dir>/collector.json), else into the store directly. Prints one JSON summary line;
bad lines are reported on stderr with their line number and skipped.`;
