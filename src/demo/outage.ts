/**
 * A generated outage day, shaped like the AWS Tokyo outage of 2020-04-20: a delivery pipeline
 * writing gzip JSON lines into hourly partitions in Asia/Tokyo, named after *arrival* time the way
 * Firehose does (the oldest record of a 5-minute buffer). Deliveries stall for about three hours
 * and then burst into one hour; every hour also has ordinary boundary lateness, a little clock
 * skew (early records) and a few records with no usable timestamp.
 *
 * It also returns the ground truth, computed here from the generator's own arithmetic (JST is a
 * fixed +09:00), so that tests can check the planner against something it did not compute.
 */
import { gzipSync } from 'node:zlib';

export interface OutageDayOptions {
  /** Records per hour of event time. The demo uses 6,000; the benchmark ~150,000. */
  readonly recordsPerHour: number;
  readonly seed?: number;
  /** Stall window in minutes after local midnight (default 19:50 → 22:40 JST). */
  readonly stallStartMinute?: number;
  readonly stallEndMinute?: number;
  /** One record in N has a skewed clock (+8 min); one in M has no usable timestamp. */
  readonly earlyOneIn?: number;
  readonly unplaceableOneIn?: number;
  /** Padding per record in bytes, to shape record size (default 0 → ~330-byte records). */
  readonly padding?: number;
  readonly gzipLevel?: number;
  /** Generate only event hours [fromHour, toHour) of the day (default 0–24): small tables for tests. */
  readonly fromHour?: number;
  readonly toHour?: number;
  /** Delivery buffer interval in minutes (Firehose: 1–15; default 5). Larger → fewer, bigger objects. */
  readonly bufferMinutes?: number;
}

export interface OutageTruth {
  readonly objects: number;
  readonly records: number;
  readonly late: number;
  readonly early: number;
  readonly unplaceable: number;
  readonly uncompressedBytes: number;
  readonly compressedBytes: number;
  /** "dt=…/hour=HH → dt=…/hour=HH" → late records. */
  readonly lateMoves: ReadonlyMap<string, number>;
}

export type WriteObject = (key: string, bytes: Uint8Array) => Promise<void>;

export const DEMO_DAY_UTC_MIDNIGHT_MS = Date.UTC(2020, 3, 19, 15); // 2020-04-20T00:00+09:00
const JST_OFFSET_MS = 9 * 3_600_000;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** Recommended flags for scanning the generated table. */
export const DEMO_FLAGS = ['--partition-tz', 'Asia/Tokyo', '--time-field', 'timestamp'] as const;

/** mulberry32: a small seeded PRNG, so generated data (and test faults) replay from a seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

function jstParts(utcMs: number): { y: number; mo: number; d: number; h: number; mi: number; s: number; ms: number } {
  const t = new Date(utcMs + JST_OFFSET_MS);
  return { y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate(), h: t.getUTCHours(), mi: t.getUTCMinutes(), s: t.getUTCSeconds(), ms: t.getUTCMilliseconds() };
}

export function jstPartitionOf(utcMs: number): string {
  const p = jstParts(utcMs);
  return `dt=${p.y}-${pad2(p.mo)}-${pad2(p.d)}/hour=${pad2(p.h)}`;
}

function jstIso(utcMs: number): string {
  const p = jstParts(utcMs);
  return `${p.y}-${pad2(p.mo)}-${pad2(p.d)}T${pad2(p.h)}:${pad2(p.mi)}:${pad2(p.s)}.${String(p.ms).padStart(3, '0')}+09:00`;
}

const SERVICES = ['checkout', 'search', 'auth', 'cart', 'catalog'];
const WORDS = 'alpha bravo cache cold commit delta drain error fetch flush ghost hot index jitter key lag miss node offset page queue quota read retry shard skew slow stale token user write zone'.split(' ');
const MESSAGES = ['request served', 'cache miss', 'upstream timeout, retrying', 'user signed in', 'payment authorised', 'queue drained: 0 left'];

interface Pending {
  readonly arrivalMs: number;
  readonly line: string;
  readonly stampLabel: number | null;
}

export async function generateOutageDay(options: OutageDayOptions, write: WriteObject): Promise<OutageTruth> {
  const random = mulberry32(options.seed ?? 20200420);
  const stallStart = DEMO_DAY_UTC_MIDNIGHT_MS + (options.stallStartMinute ?? 19 * 60 + 50) * MINUTE_MS;
  const stallEnd = DEMO_DAY_UTC_MIDNIGHT_MS + (options.stallEndMinute ?? 22 * 60 + 40) * MINUTE_MS;
  const earlyOneIn = options.earlyOneIn ?? 5000;
  const unplaceableOneIn = options.unplaceableOneIn ?? 10000;
  const padding = 'x'.repeat(options.padding ?? 0);
  const perMinute = Math.max(1, Math.round(options.recordsPerHour / 60));
  const bufferMs = (options.bufferMinutes ?? 5) * MINUTE_MS;
  const truth = { objects: 0, records: 0, late: 0, early: 0, unplaceable: 0, uncompressedBytes: 0, compressedBytes: 0 };
  const lateMoves = new Map<string, number>();
  const flush = async (bufferStart: number, bucket: Pending[]): Promise<void> => {
    await writeBuffer(bufferStart, bucket, options.gzipLevel ?? 6, truth, lateMoves, write);
  };

  // Records grouped by 5-minute arrival buffer (Firehose's buffer interval).
  const buffers = new Map<number, Pending[]>();
  let sequence = 0;
  for (let minute = (options.fromHour ?? 0) * 60; minute < (options.toHour ?? 24) * 60; minute++) {
    // Every future record arrives after its event, so a buffer that closed before this minute is
    // complete: write it now and keep memory bounded by the backlog, not by the day.
    const minuteStart = DEMO_DAY_UTC_MIDNIGHT_MS + minute * MINUTE_MS;
    for (const bufferStart of [...buffers.keys()].sort((a, b) => a - b)) {
      if (bufferStart + bufferMs > minuteStart) break;
      await flush(bufferStart, buffers.get(bufferStart)!);
      buffers.delete(bufferStart);
    }
    for (let i = 0; i < perMinute; i++) {
      const eventMs = DEMO_DAY_UTC_MIDNIGHT_MS + minute * MINUTE_MS + Math.floor(random() * MINUTE_MS);
      const stalled = eventMs >= stallStart && eventMs < stallEnd;
      // Normal delivery takes 1–90 s; a stalled record waits for the stall to end, then a 20-minute burst.
      const arrivalMs = stalled ? stallEnd + Math.floor(random() * 20 * MINUTE_MS) : eventMs + 1000 + Math.floor(random() * 89_000);
      sequence += 1;
      let stampMs: number | null = eventMs;
      if (sequence % earlyOneIn === 0) stampMs = eventMs + 8 * MINUTE_MS; // producer clock ahead
      let timestamp: string;
      if (sequence % unplaceableOneIn === 0) {
        stampMs = null;
        timestamp = sequence % (2 * unplaceableOneIn) === 0 ? '' : `"timestamp":"not-a-date",`;
      } else {
        timestamp = random() < 0.1 ? `"timestamp":${stampMs},` : `"timestamp":${JSON.stringify(jstIso(stampMs))},`;
      }
      const service = SERVICES[Math.floor(random() * SERVICES.length)]!;
      const message = MESSAGES[Math.floor(random() * MESSAGES.length)]!;
      const hex = (): string => Math.floor(random() * 2 ** 32).toString(16).padStart(8, '0');
      const words = Array.from({ length: 3 + Math.floor(random() * 6) }, () => WORDS[Math.floor(random() * WORDS.length)]!).join(' ');
      const line =
        `{${timestamp}"level":"${random() < 0.05 ? 'error' : 'info'}","service":"${service}",` +
        `"request_id":"${hex()}${hex()}-${sequence.toString(16)}","trace_id":"${hex()}${hex()}${hex()}","latency_ms":${Math.floor(random() * 900)},` +
        `"msg":${JSON.stringify(`${message}: ${words}`)},"client_ip":"10.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}",` +
        `"http":{"method":"${random() < 0.8 ? 'GET' : 'POST'}","path":"/api/v1/${service}/${Math.floor(random() * 1e5)}","status":${random() < 0.02 ? 503 : 200},"bytes":${Math.floor(random() * 65536)}},` +
        `"user":{"id":${Math.floor(random() * 1e6)},"region":"ap-northeast-1","note":"caf\\u00e9 ☕"}${padding ? `,"pad":"${padding}"` : ''}}`;
      const bufferStart = Math.floor(arrivalMs / bufferMs) * bufferMs;
      let bucket = buffers.get(bufferStart);
      if (bucket === undefined) {
        bucket = [];
        buffers.set(bufferStart, bucket);
      }
      bucket.push({ arrivalMs, line, stampLabel: stampMs === null ? null : Math.floor((stampMs + JST_OFFSET_MS) / HOUR_MS) });
    }
  }

  for (const bufferStart of [...buffers.keys()].sort((a, b) => a - b)) await flush(bufferStart, buffers.get(bufferStart)!);
  return { ...truth, lateMoves };
}

async function writeBuffer(
  bufferStart: number,
  unsorted: Pending[],
  gzipLevel: number,
  truth: { objects: number; records: number; late: number; early: number; unplaceable: number; uncompressedBytes: number; compressedBytes: number },
  lateMoves: Map<string, number>,
  write: WriteObject,
): Promise<void> {
  const bucket = unsorted.sort((a, b) => a.arrivalMs - b.arrivalMs);
  const oldest = bucket[0]!.arrivalMs;
  const partition = jstPartitionOf(oldest);
  const partitionLabel = Math.floor((oldest + JST_OFFSET_MS) / HOUR_MS);
  for (const record of bucket) {
    truth.records += 1;
    if (record.stampLabel === null) truth.unplaceable += 1;
    else if (record.stampLabel < partitionLabel) {
      truth.late += 1;
      const move = `${partition} → ${jstPartitionOf(record.stampLabel * HOUR_MS - JST_OFFSET_MS)}`;
      lateMoves.set(move, (lateMoves.get(move) ?? 0) + 1);
    } else if (record.stampLabel > partitionLabel) truth.early += 1;
  }
  const plain = Buffer.from(bucket.map((r) => r.line).join('\n') + '\n');
  const gz = gzipSync(plain, { level: gzipLevel });
  const p = jstParts(oldest);
  const name = `app-stream-1-${p.y}-${pad2(p.mo)}-${pad2(p.d)}-${pad2(p.h)}-${pad2(p.mi)}-${pad2(p.s)}-${(bufferStart / 1000).toString(16)}.gz`;
  await write(`${partition}/${name}`, gz);
  truth.objects += 1;
  truth.uncompressedBytes += plain.length;
  truth.compressedBytes += gz.length;
}
