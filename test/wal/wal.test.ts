import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { appendFileSync, chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HEADER_BYTES, WalFullError, WriteAheadLog, scanSegment, segmentName, type WalRecord } from '../../src/wal/wal.ts';
import { crc32, crc32Table } from '../../src/wal/crc32.ts';

const root = mkdtempSync(join(tmpdir(), 'llmscope-wal-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dir: string;
let n = 0;
beforeEach(() => {
  dir = join(root, `w${n++}`);
});

/** Deterministic payload of seq: length 0..299, bytes from a small LCG. */
function payloadOf(seq: number, len = (seq * 37) % 300): Uint8Array {
  const out = new Uint8Array(len);
  let x = seq * 2654435761;
  for (let i = 0; i < len; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

async function all(wal: WriteAheadLog): Promise<WalRecord[]> {
  const out: WalRecord[] = [];
  for await (const r of wal.pending()) out.push({ ...r, payload: Uint8Array.from(r.payload) });
  return out;
}

const segments = (d: string) => readdirSync(d).filter((f) => f.endsWith('.wal')).sort();

describe('crc32', () => {
  it('matches the IEEE check value and the table implementation', () => {
    const check = new TextEncoder().encode('123456789');
    expect(crc32(check)).toBe(0xcbf43926);
    expect(crc32Table(check)).toBe(0xcbf43926);
    const p = payloadOf(5, 1000);
    expect(crc32Table(p)).toBe(crc32(p));
    expect(crc32Table(p.subarray(500), crc32Table(p.subarray(0, 500)))).toBe(crc32(p));
  });
});

describe('WriteAheadLog', () => {
  it('replays every appended record byte-exact, data and markers, in seq order', async () => {
    const wal = await WriteAheadLog.open(dir, { maxBytes: 10_000_000 });
    const seqs = await Promise.all(Array.from({ length: 100 }, (_, i) => wal.append(i % 10 === 9 ? 'marker' : 'data', payloadOf(i + 1))));
    expect(seqs).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    await wal.close();

    const again = await WriteAheadLog.open(dir, { maxBytes: 10_000_000 });
    expect(again.pendingAtOpen).toBe(100);
    const recs = await all(again);
    expect(recs.map((r) => r.seq)).toEqual(seqs);
    for (const r of recs) {
      expect(r.kind).toBe(r.seq % 10 === 0 ? 'marker' : 'data');
      expect(r.payload).toEqual(payloadOf(r.seq));
    }
    expect(again.nextSeq).toBe(101);
    expect(await again.append('data', payloadOf(101))).toBe(101);
    expect(again.stats.corruptTails).toBe(0);
    await again.close();
  });

  it('group commit: 2000 concurrent appends share a handful of write+fdatasync', async () => {
    const wal = await WriteAheadLog.open(dir, { maxBytes: 100_000_000, groupCommitMs: 2 });
    const seqs = await Promise.all(Array.from({ length: 2000 }, (_, i) => wal.append('data', payloadOf(i + 1, 64))));
    expect(seqs).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
    expect(wal.stats.appends).toBe(2000);
    expect(wal.stats.fsyncs).toBeGreaterThan(0);
    expect(wal.stats.fsyncs).toBeLessThanOrEqual(20);
    expect(wal.stats.groupSizeAvg).toBeCloseTo(2000 / wal.stats.fsyncs, 6);
    expect(wal.liveBytes).toBe(2000 * (HEADER_BYTES + 64));
    await wal.close();
  });

  it('closed-loop appenders do not wait out the group timer: a group as large as the last one goes at once', async () => {
    // 8 clients that each await their append before the next one; a 30 s timer would take minutes if waited out.
    const wal = await WriteAheadLog.open(dir, { maxBytes: 100_000_000, groupCommitMs: 30_000 });
    let next = 0;
    const done: number[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = 0; i < 25; i++) done.push(await wal.append('data', payloadOf(++next, 32)));
      }),
    );
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(wal.stats.fsyncs).toBeLessThanOrEqual(30);
    expect(wal.stats.groupSizeAvg).toBeGreaterThanOrEqual(200 / 30);
    await wal.close();
  });

  it('a torn tail (crash mid-record) plus garbage is truncated at open, whole records survive', async () => {
    const wal = await WriteAheadLog.open(dir, { maxBytes: 1_000_000 });
    for (let s = 1; s <= 10; s++) await wal.append('data', payloadOf(s, 100));
    await wal.close();
    const file = join(dir, segmentName(1));
    const whole9 = 9 * (HEADER_BYTES + 100);
    truncateSync(file, whole9 + 40); // the 10th record is cut in the middle of its payload
    appendFileSync(file, Buffer.from('garbage after the tear \x00\xff\x13'));

    const again = await WriteAheadLog.open(dir, { maxBytes: 1_000_000 });
    expect(again.stats.corruptTails).toBe(1);
    expect(statSync(file).size).toBe(whole9);
    const recs = await all(again);
    expect(recs.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const r of recs) expect(r.payload).toEqual(payloadOf(r.seq, 100));
    // The log goes on from the last whole record.
    expect(await again.append('data', payloadOf(10, 7))).toBe(10);
    await again.close();
    const third = await WriteAheadLog.open(dir, { maxBytes: 1_000_000 });
    expect(third.stats.corruptTails).toBe(0);
    expect((await all(third)).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    await third.close();
  });

  it('garbage after whole records and a huge length prefix never crash open', async () => {
    const wal = await WriteAheadLog.open(dir, { maxBytes: 1_000_000 });
    for (let s = 1; s <= 3; s++) await wal.append('data', payloadOf(s, 10));
    await wal.close();
    const file = join(dir, segmentName(1));
    const header = Buffer.alloc(HEADER_BYTES);
    header.writeUInt32LE(0xffffffff, 0); // claims a 4 GiB payload
    appendFileSync(file, header);
    const again = await WriteAheadLog.open(dir, { maxBytes: 1_000_000 });
    expect(again.stats.corruptTails).toBe(1);
    expect(statSync(file).size).toBe(3 * (HEADER_BYTES + 10));
    expect((await all(again)).map((r) => r.seq)).toEqual([1, 2, 3]);
    await again.close();
  });

  it('a crc mismatch in the middle of the last record drops only that record', async () => {
    const wal = await WriteAheadLog.open(dir, { maxBytes: 1_000_000 });
    for (let s = 1; s <= 5; s++) await wal.append('data', payloadOf(s, 50));
    await wal.close();
    const file = join(dir, segmentName(1));
    const bytes = readFileSync(file);
    bytes[4 * (HEADER_BYTES + 50) + HEADER_BYTES + 25] ^= 0x01; // one bit of the 5th payload
    writeFileSync(file, bytes);
    expect(scanSegment(bytes, 1)).toEqual({ validBytes: 4 * (HEADER_BYTES + 50), lastSeq: 4, records: 4 });

    const again = await WriteAheadLog.open(dir, { maxBytes: 1_000_000 });
    expect(again.stats.corruptTails).toBe(1);
    expect(again.stats.truncatedBytes).toBe(HEADER_BYTES + 50);
    expect((await all(again)).map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect(again.nextSeq).toBe(5);
    await again.close();
  });

  it('releases out of order: the checkpoint advances over the contiguous prefix and survives reopen', async () => {
    const wal = await WriteAheadLog.open(dir, { maxBytes: 1_000_000 });
    for (let s = 1; s <= 10; s++) await wal.append('data', payloadOf(s));
    await wal.release([3, 1]);
    expect(wal.checkpoint).toBe(1);
    await wal.release([2, 7, 5]);
    expect(wal.checkpoint).toBe(3);
    await wal.release([3, 999, -1, 1.5]); // already released / never appended / not a seq: ignored
    expect(wal.checkpoint).toBe(3);
    await wal.close();
    expect(existsSync(join(dir, 'checkpoint'))).toBe(true);
    expect(existsSync(join(dir, 'checkpoint.tmp'))).toBe(false);

    const again = await WriteAheadLog.open(dir, { maxBytes: 1_000_000 });
    expect(again.checkpoint).toBe(3);
    expect(again.pendingAtOpen).toBe(5);
    const recs = await all(again);
    expect(recs.map((r) => r.seq)).toEqual([4, 6, 8, 9, 10]); // 5 and 7 were released out of order
    for (const r of recs) expect(r.payload).toEqual(payloadOf(r.seq));
    await again.release([4]);
    expect(again.checkpoint).toBe(5);
    await again.release([6]);
    expect(again.checkpoint).toBe(7);
    await again.close();

    const third = await WriteAheadLog.open(dir, { maxBytes: 1_000_000 });
    expect(third.checkpoint).toBe(7);
    expect((await all(third)).map((r) => r.seq)).toEqual([8, 9, 10]);
    expect(third.nextSeq).toBe(11);
    await third.close();
  });

  it('deletes whole segments below the checkpoint, and replays only what is left', async () => {
    // 1000-byte payloads, 4096-byte segments: 4 records per segment.
    const wal = await WriteAheadLog.open(dir, { maxBytes: 1_000_000, segmentBytes: 4096 });
    for (let s = 1; s <= 10; s++) await wal.append('data', payloadOf(s, 1000));
    const rec = HEADER_BYTES + 1000;
    expect(segments(dir)).toEqual([segmentName(1), segmentName(5), segmentName(9)]);
    expect(wal.liveBytes).toBe(10 * rec);
    await wal.release([1, 2, 3]);
    expect(segments(dir)).toHaveLength(3); // seq 4 still holds the first segment
    await wal.release([4, 5, 6, 7, 8, 9]);
    expect(wal.checkpoint).toBe(9);
    expect(segments(dir)).toEqual([segmentName(9)]); // the active segment still holds seq 10
    expect(wal.liveBytes).toBe(2 * rec);
    expect(wal.stats.segmentsDeleted).toBe(2);
    await wal.release([10]);
    expect(segments(dir)).toEqual([segmentName(9)]); // the active segment stays until it rotates
    await wal.append('data', payloadOf(11, 1000));
    await wal.append('data', payloadOf(12, 1000));
    await wal.release([11]);
    expect(segments(dir)).toEqual([segmentName(9)]);
    await wal.append('data', payloadOf(13, 1000)); // rotates; the old active segment still holds 12
    expect(segments(dir)).toEqual([segmentName(9), segmentName(13)]);
    expect(wal.liveBytes).toBe(5 * rec);
    await wal.close();
    const again = await WriteAheadLog.open(dir, { maxBytes: 1_000_000 });
    expect((await all(again)).map((r) => r.seq)).toEqual([12, 13]);
    expect(again.nextSeq).toBe(14);
    await again.close();
  });

  it('holds raw bodies owner-only (folder 0700, files 0600) and keeps none after a clean close', async () => {
    const wal = await WriteAheadLog.open(dir, { maxBytes: 1_000_000, segmentBytes: 4096 });
    for (let s = 1; s <= 6; s++) await wal.append('data', payloadOf(s, 1000));
    await wal.release([1]);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const files = readdirSync(dir);
    expect(files.sort()).toEqual([segmentName(1), segmentName(5), 'checkpoint'].sort());
    for (const f of files) expect(statSync(join(dir, f)).mode & 0o777, f).toBe(0o600);
    await wal.release([2, 3, 4, 5, 6]);
    expect(segments(dir)).toEqual([segmentName(5)]); // the active one, until close
    await wal.close();
    expect(readdirSync(dir)).toEqual(['checkpoint']);
    const again = await WriteAheadLog.open(dir, { maxBytes: 1_000_000 });
    expect(again.nextSeq).toBe(7);
    expect(await all(again)).toEqual([]);
    expect(await again.append('data', payloadOf(7))).toBe(7);
    await again.close();
  });

  it('tightens the modes of a log folder created by an older version', async () => {
    const first = await WriteAheadLog.open(dir, { maxBytes: 1_000_000 });
    await first.append('data', payloadOf(1));
    await first.release([1]);
    await first.append('data', payloadOf(2));
    await first.close();
    chmodSync(dir, 0o755);
    for (const f of readdirSync(dir)) chmodSync(join(dir, f), 0o644);
    const again = await WriteAheadLog.open(dir, { maxBytes: 1_000_000 });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const f of readdirSync(dir)) expect(statSync(join(dir, f)).mode & 0o777, f).toBe(0o600);
    expect((await all(again)).map((r) => r.seq)).toEqual([2]);
    await again.close();
  });

  it('a release that lands while a group is being written deletes the segment at close', async () => {
    const wal = await WriteAheadLog.open(dir, { maxBytes: 1_000_000, groupCommitMs: 0 });
    await wal.append('data', payloadOf(1));
    const second = wal.append('data', payloadOf(2));
    await wal.release([1]);
    await wal.release([await second]);
    await wal.close();
    expect(segments(dir)).toEqual([]);
  });

  it('rejects with WalFullError (writing nothing) at maxBytes, and accepts again after release', async () => {
    const rec = HEADER_BYTES + 1000;
    // segmentBytes is capped at maxBytes / 4 = 2500: 2 records per segment.
    const wal = await WriteAheadLog.open(dir, { maxBytes: 10_000, segmentBytes: 1 << 20 });
    for (let s = 1; s <= 9; s++) await wal.append('data', payloadOf(s, 1000));
    expect(wal.liveBytes).toBe(9 * rec);
    await expect(wal.append('data', payloadOf(10, 1000))).rejects.toBeInstanceOf(WalFullError);
    expect(wal.stats.full).toBe(1);
    expect(wal.nextSeq).toBe(10);
    expect(wal.liveBytes).toBe(9 * rec);
    // Concurrent appends count queued bytes against the bound too.
    const results = await Promise.allSettled([wal.append('data', payloadOf(10, 500)), wal.append('data', payloadOf(11, 500))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    await wal.release(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(wal.liveBytes).toBe(rec + HEADER_BYTES + 500); // only the active segment (seqs 9 and 10) is left
    expect(await wal.append('data', payloadOf(11, 1000))).toBe(11);
    await wal.close();
    const again = await WriteAheadLog.open(dir, { maxBytes: 10_000 });
    expect((await all(again)).map((r) => [r.seq, r.payload.length])).toEqual([[11, 1000]]);
    await again.close();
  });

  it('close() writes what is queued; appends after close reject', async () => {
    const wal = await WriteAheadLog.open(dir, { maxBytes: 1_000_000, groupCommitMs: 50 });
    const p = Promise.all([wal.append('data', payloadOf(1)), wal.append('marker', payloadOf(2))]);
    await wal.close();
    expect(await p).toEqual([1, 2]);
    await expect(wal.append('data', payloadOf(3))).rejects.toThrow(/closed/);
    const again = await WriteAheadLog.open(dir, { maxBytes: 1_000_000 });
    expect((await all(again)).map((r) => r.kind)).toEqual(['data', 'marker']);
    await again.close();
  });
});
