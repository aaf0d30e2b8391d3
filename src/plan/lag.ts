/** Lag histogram buckets (PURE): how late the moved records were, for the report. */

const HOUR_MS = 3_600_000;

/** Upper bounds (exclusive) of each bucket, in hours; the last bucket is open-ended. */
export const LAG_BUCKET_UPPER_HOURS = [1, 2, 3, 6, 12, 24, 72] as const;
export const LAG_BUCKET_LABELS = ['<1h', '1-2h', '2-3h', '3-6h', '6-12h', '12-24h', '1-3d', '>=3d'] as const;

export function lagBucketOf(lagMs: number): number {
  const hours = lagMs / HOUR_MS;
  for (let i = 0; i < LAG_BUCKET_UPPER_HOURS.length; i++) if (hours < LAG_BUCKET_UPPER_HOURS[i]!) return i;
  return LAG_BUCKET_UPPER_HOURS.length;
}

export function emptyLagHistogram(): number[] {
  return new Array<number>(LAG_BUCKET_LABELS.length).fill(0);
}
