/**
 * Where does one record belong? (PURE, hot path: called once per record.)
 *
 * A record is compared by the *label* of its event time's partition against the label of the
 * partition it sits in: equal → placed; earlier → late (moved); later → early (moved only with
 * `--move-early`). A record with no usable event time, or one further away than `--max-lag`, is
 * unplaceable: it stays where it is and is reported with its reason.
 */
import type { TimeFieldValue } from '../formats/types.js';
import { MAX_LABEL_MS, MIN_LABEL_MS, partitionLabelMs } from '../layout/index.js';
import type { Layout, PartitionInfo } from '../layout/types.js';
import type { EventTimeResult, TimeFailureReason, TimeValue } from '../time/types.js';

export const RECORD_REASONS = ['malformed-record', 'duplicate-time-field', 'lag-exceeds-max', 'lead-exceeds-max'] as const;
/** Why a record is unplaceable: a time failure, or one of RECORD_REASONS. Stable report strings. */
export type UnplaceableReason = TimeFailureReason | (typeof RECORD_REASONS)[number];

export type Placement =
  | { readonly kind: 'placed' }
  | { readonly kind: 'late'; readonly toLabelMs: number; readonly lagMs: number }
  | { readonly kind: 'early'; readonly toLabelMs: number; readonly leadMs: number; readonly move: boolean }
  | { readonly kind: 'unplaceable'; readonly reason: UnplaceableReason };

export interface ClassifyPolicy {
  readonly layout: Layout;
  readonly parseEventTime: (value: TimeValue) => EventTimeResult;
  /** `--max-lag`: further than this from its partition, a record is unplaceable. */
  readonly maxLagMs: number;
  /** `--move-early`. */
  readonly moveEarly: boolean;
}

const PLACED: Placement = Object.freeze({ kind: 'placed' });
const UNPLACEABLE = new Map<UnplaceableReason, Placement>();
function unplaceable(reason: UnplaceableReason): Placement {
  let cached = UNPLACEABLE.get(reason);
  if (cached === undefined) {
    cached = Object.freeze({ kind: 'unplaceable', reason });
    UNPLACEABLE.set(reason, cached);
  }
  return cached;
}

export function classifyRecord(policy: ClassifyPolicy, partition: PartitionInfo, time: TimeFieldValue): Placement {
  if (time.kind === 'malformed') return unplaceable('malformed-record');
  if (time.kind === 'duplicate-field') return unplaceable('duplicate-time-field');
  const parsed = policy.parseEventTime(time);
  if (!parsed.ok) return unplaceable(parsed.reason);
  return classifyEventTime(policy, partition, parsed.eventTimeMs);
}

export function classifyEventTime(policy: ClassifyPolicy, partition: PartitionInfo, eventTimeMs: number): Placement {
  const toLabelMs = partitionLabelMs(policy.layout, eventTimeMs);
  if (toLabelMs === partition.labelMs) return PLACED;
  // Near year 0000 or 9999 a zone offset can push the local label outside four-digit years.
  if (toLabelMs < MIN_LABEL_MS || toLabelMs > MAX_LABEL_MS) return unplaceable('out-of-range');
  if (toLabelMs < partition.labelMs) {
    // Lag is measured from the event to the start of the partition it sits in: the least delay
    // that explains the misplacement (a record at 20:59 in hour 21 has a lag of 1 minute).
    const lagMs = partition.startMs - eventTimeMs;
    if (lagMs > policy.maxLagMs) return unplaceable('lag-exceeds-max');
    return { kind: 'late', toLabelMs, lagMs };
  }
  const leadMs = eventTimeMs - partition.endMsExclusive;
  if (leadMs > policy.maxLagMs) return unplaceable('lead-exceeds-max');
  return { kind: 'early', toLabelMs, leadMs, move: policy.moveEarly };
}
