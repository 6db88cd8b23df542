/**
 * Memory settings of the embedded engine's allocator (chdb's jemalloc), which reads JE_MALLOC_CONF
 * once, when chdb is loaded: so this module runs before it (src/store/chdb.ts). ClickHouse keeps
 * freed pages for reuse for 5 s (dirty_decay_ms:5000, sized for a server with the machine to
 * itself); in a collector that shares its process with the engine, inserts and merges free
 * 100–150 MB of such pages a few seconds apart, so they were a third of its memory under
 * sustained ingest. At 200 ms jemalloc's background threads return them almost as soon as a
 * burst is over; bench/ingest (400k spans, 3 runs each): median RSS 551 → 481 MiB, 90th
 * percentile 580 → 511 MiB, same CPU per span (38.1 vs 38.5 µs). Returning them at once (0) cost
 * 27% more CPU. A value the user set is kept.
 */
process.env.JE_MALLOC_CONF ??= 'dirty_decay_ms:200';
