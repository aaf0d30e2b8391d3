/**
 * (crash at i, then crash during recovery at j) pairs walked by the local and the S3 crash suites:
 * a representative set in which every recovery checkpoint appears at least once.
 */
export const RECOVERY_PAIRS: readonly (readonly [string, string])[] = [
  ['run.plan-written', 'recover.unit.start'],
  ['run.plan-written', 'recover.unit.output-created'],
  ['unit.output-created', 'recover.unit.rest-created'],
  ['unit.output-created', 'recover.unit.outputs-verified'],
  ['unit.outputs-verified', 'recover.unit.partitions-ensured'],
  ['unit.partitions-ensured', 'recover.unit.backup-written'],
  ['unit.backup-written', 'recover.unit.source-deleted'],
  ['run.units-done', 'recover.success-written'],
  ['unit.rest-created', 'recover.unit.source-deleted'],
];
