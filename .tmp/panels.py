import json
CH = {"type": "grafana-clickhouse-datasource", "uid": "llmscope-clickhouse"}
SVC_T = "$__conditionalAll(has(splitByChar(',', trim(BOTH '{}' FROM decodeURLComponent('${service:percentencode}'))), %s), $service)"
def svc(col): return SVC_T % col
ENV_T = "$__conditionalAll(has(splitByChar(',', trim(BOTH '{}' FROM decodeURLComponent('${environment:percentencode}'))), %s), $environment)"
def env(col): return ENV_T % col

# Spans of each agent run: the invoke_agent span and its descendants, through otel_traces (spans in
# between may be plain spans), not descending into nested invoke_agent spans (those are runs of
# their own), at most 16 levels.
def members(run_filter):
    return f"""WITH RECURSIVE members AS (
  SELECT a.trace_id AS trace_id, a.span_id AS run_span_id, a.span_id AS span_id, 0 AS depth
  FROM llmscope.agent_spans AS a
  WHERE a.operation = 'invoke_agent'
    AND {run_filter}
  UNION ALL
  SELECT t.TraceId AS trace_id, m.run_span_id AS run_span_id, t.SpanId AS span_id, m.depth + 1 AS depth
  FROM members AS m
  INNER JOIN llmscope.otel_traces AS t ON t.TraceId = m.trace_id AND t.ParentSpanId = m.span_id
  WHERE m.depth < 16
    AND t.Timestamp >= $__fromTime - INTERVAL 1 HOUR AND t.Timestamp <= $__toTime + INTERVAL 1 HOUR
    AND t.SpanId NOT IN (
      SELECT span_id FROM llmscope.agent_spans
      WHERE operation = 'invoke_agent' AND timestamp >= $__fromTime - INTERVAL 1 HOUR AND timestamp <= $__toTime + INTERVAL 1 HOUR
    )
),
run_calls AS (
  SELECT m.run_span_id AS run_span_id, count() AS llm_calls, sum(c.input_tokens) AS input_tokens, sum(c.output_tokens) AS output_tokens, sum(c.cost_usd) AS cost_usd
  FROM members AS m
  INNER JOIN llmscope.llm_calls AS c ON c.trace_id = m.trace_id AND c.span_id = m.span_id
  WHERE c.timestamp >= $__fromTime - INTERVAL 1 HOUR AND c.timestamp <= $__toTime + INTERVAL 1 HOUR
  GROUP BY run_span_id
),
run_tools AS (
  SELECT m.run_span_id AS run_span_id, count() AS tool_calls, countIf(s.status = 'error') AS tool_errors
  FROM members AS m
  INNER JOIN llmscope.agent_spans AS s ON s.trace_id = m.trace_id AND s.span_id = m.span_id
  WHERE s.operation = 'execute_tool' AND s.timestamp >= $__fromTime - INTERVAL 1 HOUR AND s.timestamp <= $__toTime + INTERVAL 1 HOUR
  GROUP BY run_span_id
)"""

RUN_FILTER_RANGE = "$__timeFilter(a.timestamp)\n    AND " + svc("a.service_name")

AGENT_RUNS_SQL = members(RUN_FILTER_RANGE) + """
SELECT a.timestamp AS time, a.agent_name AS agent_name, a.service_name AS service_name, a.trace_id AS trace_id,
  a.duration_ms AS duration_ms, a.status AS status,
  c.llm_calls AS llm_calls, t.tool_calls AS tool_calls, t.tool_errors AS tool_errors,
  c.input_tokens AS input_tokens, c.output_tokens AS output_tokens, c.cost_usd AS cost_usd, a.span_id AS span_id
FROM llmscope.agent_spans AS a
LEFT JOIN run_calls AS c ON c.run_span_id = a.span_id
LEFT JOIN run_tools AS t ON t.run_span_id = a.span_id
WHERE a.operation = 'invoke_agent'
  AND """ + RUN_FILTER_RANGE + """
ORDER BY a.timestamp DESC, a.span_id
LIMIT 100"""

TRACE_FILTER = "a.trace_id = decodeURLComponent('${trace_id:percentencode}')\n    AND a.timestamp >= $__fromTime - INTERVAL 1 HOUR AND a.timestamp <= $__toTime + INTERVAL 1 HOUR"

AGENT_RUN_TREE_SQL = members(TRACE_FILTER) + """,
run_of AS (
  SELECT span_id, any(run_span_id) AS run_span_id, max(depth) AS member_depth FROM members GROUP BY span_id
)
SELECT time, kind, name, run_agent, depth, input_tokens, output_tokens, cost_usd, duration_ms, status, span_id
FROM (
  SELECT a.timestamp AS time, 'agent' AS kind, concat(repeat('· ', p.member_depth), a.agent_name) AS name, a.agent_name AS run_agent, p.member_depth AS depth,
    c.input_tokens AS input_tokens, c.output_tokens AS output_tokens, c.cost_usd AS cost_usd, a.duration_ms AS duration_ms, a.status AS status, a.span_id AS span_id
  FROM llmscope.agent_spans AS a
  LEFT JOIN run_calls AS c ON c.run_span_id = a.span_id
  LEFT JOIN (SELECT span_id, max(depth) AS member_depth FROM members WHERE depth > 0 GROUP BY span_id) AS p ON p.span_id = a.span_id
  WHERE a.operation = 'invoke_agent'
    AND """ + TRACE_FILTER + """
  UNION ALL
  SELECT l.timestamp AS time, 'llm' AS kind, concat(repeat('· ', r.member_depth), l.request_model) AS name, ra.agent_name AS run_agent, r.member_depth AS depth,
    l.input_tokens AS input_tokens, l.output_tokens AS output_tokens, l.cost_usd AS cost_usd, l.duration_ms AS duration_ms, l.status AS status, l.span_id AS span_id
  FROM llmscope.llm_calls AS l
  INNER JOIN run_of AS r ON r.span_id = l.span_id
  INNER JOIN llmscope.agent_spans AS ra ON ra.span_id = r.run_span_id AND ra.trace_id = l.trace_id
  WHERE l.trace_id = decodeURLComponent('${trace_id:percentencode}')
    AND l.timestamp >= $__fromTime - INTERVAL 1 HOUR AND l.timestamp <= $__toTime + INTERVAL 1 HOUR
    AND r.member_depth > 0
  UNION ALL
  SELECT s.timestamp AS time, 'tool' AS kind, concat(repeat('· ', r.member_depth), s.tool_name) AS name, ra.agent_name AS run_agent, r.member_depth AS depth,
    0 AS input_tokens, 0 AS output_tokens, 0 AS cost_usd, s.duration_ms AS duration_ms, s.status AS status, s.span_id AS span_id
  FROM llmscope.agent_spans AS s
  INNER JOIN run_of AS r ON r.span_id = s.span_id
  INNER JOIN llmscope.agent_spans AS ra ON ra.span_id = r.run_span_id AND ra.trace_id = s.trace_id
  WHERE s.operation = 'execute_tool'
    AND s.trace_id = decodeURLComponent('${trace_id:percentencode}')
    AND s.timestamp >= $__fromTime - INTERVAL 1 HOUR AND s.timestamp <= $__toTime + INTERVAL 1 HOUR
)
ORDER BY time, span_id"""

TOOLS_SQL = """SELECT tool_name, tool_type, count() AS calls, countIf(status = 'error') AS errors, errors / calls AS error_rate,
  quantile(0.5)(duration_ms) AS p50_ms, quantile(0.95)(duration_ms) AS p95_ms
FROM llmscope.agent_spans
WHERE $__timeFilter(timestamp)
  AND operation = 'execute_tool'
  AND """ + svc("service_name") + """
GROUP BY tool_name, tool_type
ORDER BY calls DESC, tool_name, tool_type"""

AGENT_COST_SQL = members(RUN_FILTER_RANGE) + """
SELECT a.agent_name AS agent_name, count() AS runs, countIf(a.status = 'error') AS failed_runs,
  sum(c.llm_calls) AS llm_calls, sum(t.tool_calls) AS tool_calls,
  sum(c.input_tokens) AS input_tokens, sum(c.output_tokens) AS output_tokens, sum(c.cost_usd) AS cost_usd, cost_usd / runs AS cost_per_run
FROM llmscope.agent_spans AS a
LEFT JOIN run_calls AS c ON c.run_span_id = a.span_id
LEFT JOIN run_tools AS t ON t.run_span_id = a.span_id
WHERE a.operation = 'invoke_agent'
  AND """ + RUN_FILTER_RANGE + """
GROUP BY agent_name
ORDER BY cost_usd DESC, agent_name"""

GUARD_FILTER = "$__timeFilter(timestamp)\n  AND " + svc("service_name") + "\n  AND " + env("environment")
GUARDRAIL_RUNS_SQL = """SELECT guardrail, source, count() AS runs, countIf(status = 'error') AS errors,
  quantile(0.5)(duration_ms) AS p50_ms, quantile(0.95)(duration_ms) AS p95_ms
FROM llmscope.guardrail_results
WHERE """ + GUARD_FILTER + """
  AND origin = 'span'
GROUP BY guardrail, source
ORDER BY runs DESC, guardrail, source"""
GUARDRAIL_RESULTS_SQL = """SELECT guardrail, source, result_type, result_value, risk_category, count() AS results,
  results / sum(results) OVER (PARTITION BY guardrail, source, result_type) AS share, max(risk_score) AS max_risk_score
FROM llmscope.guardrail_results
WHERE """ + GUARD_FILTER + """
  AND (result_type != '' OR risk_category != '')
GROUP BY guardrail, source, result_type, result_value, risk_category
ORDER BY guardrail, source, result_type, results DESC, result_value, risk_category"""
GUARDRAIL_TIME_SQL = """SELECT $__timeInterval(timestamp) AS time, concat(guardrail, ' ', result_type, '=', result_value) AS result, count() AS results
FROM llmscope.guardrail_results
WHERE """ + GUARD_FILTER + """
  AND result_type != ''
GROUP BY time, result
ORDER BY time, result"""

def units(m):
    return {"defaults": {}, "overrides": [{"matcher": {"id": "byName", "options": k}, "properties": [{"id": "unit", "value": v}]} for k, v in m.items()]}

def table(id, title, desc, grid, sql, u, extra_overrides=()):
    fc = units(u)
    fc["overrides"].extend(extra_overrides)
    return {"id": id, "type": "table", "title": title, "description": desc, "datasource": CH, "gridPos": grid, "fieldConfig": fc,
            "options": {"showHeader": True, "cellHeight": "sm", "footer": {"show": False, "reducer": ["sum"], "fields": ""}},
            "targets": [{"refId": "A", "datasource": CH, "editorType": "sql", "queryType": "table", "format": 1, "rawSql": sql}]}

def timeseries(id, title, desc, grid, sql):
    return {"id": id, "type": "timeseries", "title": title, "description": desc, "datasource": CH, "gridPos": grid,
            "fieldConfig": {"defaults": {"custom": {"drawStyle": "bars", "stacking": {"mode": "normal", "group": "A"}}}, "overrides": []},
            "options": {"legend": {"showLegend": True, "displayMode": "list", "placement": "bottom"}, "tooltip": {"mode": "multi", "sort": "desc"}},
            "targets": [{"refId": "A", "datasource": CH, "editorType": "sql", "queryType": "timeseries", "format": 0, "rawSql": sql}]}

TRACE_LINK = {"matcher": {"id": "byName", "options": "trace_id"}, "properties": [{"id": "links", "value": [{"title": "Show this run", "url": "/d/llmscope-traces/llmscope-traces?var-trace_id=${__value.raw}&${service:queryparam}&${__url_time_range}"}]}]}

def traces(d):
    d["panels"] = [p for p in d["panels"] if p["id"] < 5]
    y = max(p["gridPos"]["y"] + p["gridPos"]["h"] for p in d["panels"])
    d["panels"] += [
        table(5, "Agent runs", "Each invoke_agent span (an agent run) with what ran inside it: its model calls and tool calls, and the tokens and cost of those model calls summed over the run (descendant spans, through any plain spans in between; a nested agent is a run of its own). A remote agent (CLIENT span) counts its own usage. Click a trace to show the run below.",
              {"x": 0, "y": y, "w": 24, "h": 9}, AGENT_RUNS_SQL, {"duration_ms": "ms", "cost_usd": "currencyUSD"}, [TRACE_LINK]),
        table(6, "Agent run in this trace", "The selected trace's agent runs as agent → LLM calls → tool calls, in time order; an agent row carries its run's summed tokens and cost, each model call its own. depth = levels below the agent span.",
              {"x": 0, "y": y + 9, "w": 24, "h": 9}, AGENT_RUN_TREE_SQL, {"duration_ms": "ms", "cost_usd": "currencyUSD"}),
        table(7, "Tool calls by tool", "execute_tool spans by tool: calls, failures (error status), error rate and latency percentiles.",
              {"x": 0, "y": y + 18, "w": 12, "h": 8}, TOOLS_SQL, {"error_rate": "percentunit", "p50_ms": "ms", "p95_ms": "ms"}),
        table(8, "Cost by agent", "Per agent name: runs, failed runs, the model calls and tool calls inside its runs, and their tokens and cost (summed per run, then per agent).",
              {"x": 12, "y": y + 18, "w": 12, "h": 8}, AGENT_COST_SQL, {"cost_usd": "currencyUSD", "cost_per_run": "currencyUSD"}),
    ]

def quality(d):
    d["panels"] = [p for p in d["panels"] if p["id"] < 19]
    y = max(p["gridPos"]["y"] + p["gridPos"]["h"] for p in d["panels"])
    d["panels"] += [
        table(19, "Guardrail runs", "apply_guardrail spans by guardrail (gen_ai.guardrail.component.name) and what was checked (gen_ai.guardrail.source): runs, failed runs and latency.",
              {"x": 0, "y": y, "w": 10, "h": 8}, GUARDRAIL_RUNS_SQL, {"p50_ms": "ms", "p95_ms": "ms"}),
        table(20, "Guardrail results", "What guardrails reported, as the provider reported it (result type and value, e.g. action = GUARDRAIL_INTERVENED, tripwire_triggered = true; per-category results with their risk category): from apply_guardrail spans and gen_ai.guardrail.result events (span events or log records). share = of the results of the same guardrail, source and result type.",
              {"x": 10, "y": y, "w": 14, "h": 8}, GUARDRAIL_RESULTS_SQL, {"share": "percentunit"}),
        timeseries(21, "Guardrail results over time", "Guardrail results per interval by guardrail, result type and value.", {"x": 0, "y": y + 8, "w": 24, "h": 8}, GUARDRAIL_TIME_SQL),
    ]

for f, fn in (("dashboards/traces.json", traces), ("dashboards/quality.json", quality)):
    d = json.load(open(f))
    fn(d)
    open(f, "w").write(json.dumps(d, indent=2, ensure_ascii=False) + "\n")
