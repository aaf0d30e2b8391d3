/**
 * The INT96 timestamp of Impala, Hive and Spark: 12 bytes, little-endian, the nanoseconds of the
 * day (8 bytes) then the Julian day number (4 bytes). No time zone: by Spark's and Hive's
 * convention it is a UTC instant. Rewrites carry the 12 bytes through untouched; these helpers are
 * for reading event times and for making test files.
 */

/** Julian day number of 1970-01-01. */
export const JULIAN_DAY_OF_UNIX_EPOCH = 2_440_588;
export const NANOS_PER_DAY = 86_400_000_000_000n;

/** Nanoseconds since the Unix epoch of the 12 bytes at `bytes[offset…]`. */
export function int96ToEpochNanos(bytes: Uint8Array, offset = 0): bigint {
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, 12);
  const nanosOfDay = view.getBigInt64(0, true);
  const julianDay = view.getInt32(8, true);
  return BigInt(julianDay - JULIAN_DAY_OF_UNIX_EPOCH) * NANOS_PER_DAY + nanosOfDay;
}

/** The 12-byte INT96 encoding of an instant given in nanoseconds since the Unix epoch. */
export function epochNanosToInt96(epochNanos: bigint): Uint8Array {
  let days = epochNanos / NANOS_PER_DAY;
  let nanosOfDay = epochNanos % NANOS_PER_DAY;
  if (nanosOfDay < 0n) {
    nanosOfDay += NANOS_PER_DAY;
    days -= 1n;
  }
  const out = new Uint8Array(12);
  const view = new DataView(out.buffer);
  view.setBigInt64(0, nanosOfDay, true);
  view.setInt32(8, Number(days) + JULIAN_DAY_OF_UNIX_EPOCH, true);
  return out;
}
