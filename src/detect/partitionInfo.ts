/** The partition a listed object sits in, as the classifier takes it. */
import type { PartitionInfo, PartitionPath } from '../layout/types.js';
import type { ScanTarget } from './types.js';

export function partitionInfoOf(target: ScanTarget): PartitionInfo {
  return {
    path: target.partition as PartitionPath,
    labelMs: target.partitionLabelMs,
    startMs: target.partitionStartMs,
    endMsExclusive: target.partitionEndMsExclusive,
  };
}
