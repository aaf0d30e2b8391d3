/**
 * The Parquet side of routeRecords: re-reads the source (every range pinned to the planned ETag),
 * re-classifies every row with the planner's policy, and encodes each planned output with the
 * source's schema, codecs and key/value metadata. Nothing is written here: the caller writes the
 * outputs only if every output's digest equals the plan's (checked below, after the one pass).
 *
 * One pass over the source: row group by row group, each group's rows are split among the
 * outputs and handed to one streaming encoder per output; the next row group is read only when
 * every encoder has copied out its rows, so one decoded source row group is alive at a time.
 * Memory: that row group, each encoder's pending output row group (at most the source's largest
 * row group, see encodeParquet), and the encoded (compressed) bytes of the outputs, which are
 * held until they are written: about the object's own size.
 */
import { RepartitionError } from '../errors.js';
import {
  byteSourceFromStore,
  encodeParquet,
  eventTimesOfRowGroup,
  locateTimeColumn,
  readFooter,
  readRowGroup,
  rewriteSupport,
  RowEncoder,
  UnreadableParquetError,
} from '../formats/parquet/index.js';
import type { ByteSource, RowSelection, TimeColumnOptions } from '../formats/parquet/index.js';
import { partitionPathOfLabel } from '../layout/index.js';
import type { PartitionInfo } from '../layout/types.js';
import { classifyEventTime } from '../plan/classify.js';
import type { ClassifyPolicy, Placement } from '../plan/classify.js';
import { DigestAccumulator, formatDigest } from '../plan/digest.js';
import type { PlannedOutput, PlanUnit } from '../plan/types.js';
import type { ObjectStore } from '../store/types.js';
import { asObjectKey } from '../store/types.js';
import { Channel } from './channel.js';
import { schemaFingerprint } from './inspectObject.js';
import type { RouteResult, RoutedOutput } from './routeRecords.js';

/** One planned output being filled: its rows' digest and its encoder, fed through a channel. */
interface Sink {
  readonly planned: PlannedOutput | null;
  readonly isRest: boolean;
  readonly acc: DigestAccumulator;
  readonly channel: Channel<RowSelection>;
  readonly parts: Uint8Array[];
  /** The encoder's run: resolves when it has written its footer, rejects if it fails. */
  readonly done: Promise<void>;
}

export async function routeParquet(store: ObjectStore, unit: PlanUnit, policy: ClassifyPolicy, timeColumn: TimeColumnOptions, partition: PartitionInfo): Promise<RouteResult> {
  const source = byteSourceFromStore(store, asObjectKey(unit.source.key), unit.source.size, unit.source.etag);
  try {
    return await routeSource(source, unit, policy, timeColumn, partition);
  } catch (error) {
    if (error instanceof UnreadableParquetError) return { kind: 'drift', message: `source no longer decodes: ${error.message}` }; // it did at plan time: only a code change gets here
    if (error instanceof RepartitionError && error.code === 'PRECONDITION_FAILED') return { kind: 'source-changed' };
    if (error instanceof RepartitionError && error.code === 'NOT_FOUND') return { kind: 'source-missing' };
    throw error;
  }
}

async function routeSource(source: ByteSource, unit: PlanUnit, policy: ClassifyPolicy, timeOptions: TimeColumnOptions, partition: PartitionInfo): Promise<RouteResult> {
  const footer = await readFooter(source);
  const support = rewriteSupport(footer);
  if (!support.ok) return { kind: 'drift', message: `the source can no longer be written back exactly: ${support.reason}` };
  const column = locateTimeColumn(footer, timeOptions);
  const openSink = (planned: PlannedOutput | null, isRest: boolean): Sink => {
    const channel = new Channel<RowSelection>();
    const parts: Uint8Array[] = [];
    if (planned === null) return { planned, isRest, acc: new DigestAccumulator(), channel, parts, done: Promise.resolve() }; // counted only
    const done = (async () => {
      for await (const part of encodeParquet({ source: footer, rows: channel })) parts.push(part);
    })();
    done.catch(() => undefined); // awaited in finish(); this only keeps an early failure from being "unhandled" meanwhile
    return { planned, isRest, acc: new DigestAccumulator(), channel, parts, done };
  };
  const sinks: Sink[] = unit.outputs.map((o) => openSink(o, false));
  const byPartition = new Map(unit.outputs.map((o, i) => [o.partition, i]));
  // Rows that stay go to the rest; with no rest planned, any such row is drift (counted, never written).
  const rest = openSink(unit.rest, true);
  sinks.push(rest);
  const finish = async (): Promise<void> => {
    for (const sink of sinks) sink.channel.close();
    await Promise.all(sinks.map((s) => s.done));
  };

  const encoder = new RowEncoder();
  let unplanned: string | null = null;
  let rowBase = 0;
  try {
    for (let g = 0; g < footer.metadata.row_groups.length && unplanned === null; g++) {
      const group = await readRowGroup(source, footer, g);
      const times = eventTimesOfRowGroup(group, column);
      const selections: number[][] = sinks.map(() => []);
      for (let r = 0; r < group.rows; r++) {
        const time = times[r]!;
        const placement: Placement = time.ok ? classifyEventTime(policy, partition, time.eventTimeMs) : { kind: 'unplaceable', reason: time.reason };
        const toLabel = placement.kind === 'late' || (placement.kind === 'early' && placement.move) ? placement.toLabelMs : null;
        const index = toLabel === null ? sinks.length - 1 : byPartition.get(partitionPathOfLabel(policy.layout, toLabel));
        if (index === undefined) {
          unplanned = `row ${rowBase + r + 1} belongs to ${partitionPathOfLabel(policy.layout, toLabel!)}, which the plan has no output for`;
          break;
        }
        sinks[index]!.acc.add(encoder.encode(group, r));
        selections[index]!.push(r);
      }
      rowBase += group.rows;
      if (unplanned !== null) break;
      sinks.forEach((sink, i) => {
        if (selections[i]!.length > 0 && sink.planned !== null) sink.channel.push({ group, rows: selections[i]! });
      });
      // The group is released when every encoder has copied its rows (or failed: then we stop).
      await Promise.all(sinks.map((sink) => Promise.race([sink.channel.caughtUp(), sink.done])));
    }
  } finally {
    await finish();
  }
  if (unplanned !== null) return { kind: 'drift', message: unplanned };

  const outputs: RoutedOutput[] = [];
  const schema = schemaFingerprint(footer.metadata.schema);
  for (const sink of sinks) {
    const digest = formatDigest(sink.acc.snapshot());
    const planned = sink.planned?.digest ?? formatDigest(new DigestAccumulator().snapshot());
    if (digest !== planned) {
      const what = sink.isRest ? 'rows that stay' : `rows for ${sink.planned!.partition}`;
      return { kind: 'drift', message: `${what} differ from the plan (${digest} ≠ ${planned})` };
    }
    if (sink.planned === null) continue;
    const bytes = sink.parts.reduce((n, p) => n + p.length, 0);
    outputs.push({ format: 'parquet', key: sink.planned.key, partition: sink.planned.partition, digest, isRest: sink.isRest, parts: sink.parts, bytes, schema });
  }
  return { kind: 'routed', outputs };
}
