/**
 * Zones: UTC, fixed offsets and IANA names. Nothing here reads the host's `TZ`.
 */
import { UsageError } from '../errors.js';
import { HOUR_MS, MINUTE_MS, labelMsToLocal, localToLabelMs } from './calendar.js';
import { IanaZone } from './ianaZone.js';
import type { LocalDateTime, LocalResolution, Zone } from './types.js';

/** Largest offset any zone has used or ISO-8601 timestamps may carry. */
export const MAX_OFFSET_MS = 18 * HOUR_MS;

/** UTC or a fixed offset: one constant, no DST. */
export class FixedOffsetZone implements Zone {
  constructor(
    readonly name: string,
    readonly fixedOffsetMs: number,
  ) {}

  offsetMsAt(): number {
    return this.fixedOffsetMs;
  }

  resolveLocal(local: LocalDateTime): LocalResolution {
    return { kind: 'unique', utcMs: localToLabelMs(local) - this.fixedOffsetMs };
  }
}

const UTC_NAMES = new Set(['utc', 'z', 'etc/utc', 'gmt', 'etc/gmt', 'etc/zulu', 'zulu', 'etc/uct', 'uct']);
/** `+09:00`, `-0330`, `+09` (also accepted without the sign's ambiguity of `Etc/GMT-9`). */
const OFFSET_NAME = /^([+-])(\d{2})(?::?(\d{2}))?$/;
const zones = new Map<string, Zone>();

/**
 * Load a zone by name: `UTC` (`Z`, `Etc/UTC`, `GMT`), a fixed offset (`+09:00`, `-0330`, `+09`) or
 * an IANA name (`Asia/Tokyo`, case-insensitive as Intl allows). Zones are cached per name so their
 * offset caches are shared by every caller.
 * @param option the flag to name in the error, e.g. `--partition-tz`; the caller may leave it out.
 * @throws UsageError for an unknown name or an offset beyond ±18:00.
 */
export function loadZone(name: string, option?: string): Zone {
  const cached = zones.get(name);
  if (cached !== undefined) return cached;
  const zone = createZone(name.trim(), option);
  zones.set(name, zone);
  return zone;
}

function createZone(name: string, option: string | undefined): Zone {
  const errorOptions = option === undefined ? {} : { option };
  if (UTC_NAMES.has(name.toLowerCase())) return new FixedOffsetZone(name, 0);
  const offset = OFFSET_NAME.exec(name);
  if (offset !== null) {
    const hours = Number(offset[2]);
    const minutes = Number(offset[3] ?? '0');
    const offsetMs = (offset[1] === '-' ? -1 : 1) * (hours * HOUR_MS + minutes * MINUTE_MS);
    if (minutes > 59 || Math.abs(offsetMs) > MAX_OFFSET_MS) {
      throw new UsageError(`Time zone offset "${name}" is out of range: offsets go from -18:00 to +18:00`, errorOptions);
    }
    return new FixedOffsetZone(name, offsetMs === 0 ? 0 : offsetMs);
  }
  let zone: IanaZone;
  try {
    zone = new IanaZone(name);
  } catch (cause) {
    if (!(cause instanceof RangeError)) throw cause;
    throw new UsageError(
      `Unknown time zone ${JSON.stringify(name)}: expected an IANA name such as Asia/Tokyo or UTC, or an offset such as +09:00`,
      errorOptions,
    );
  }
  // Intl canonicalises aliases of UTC ("Etc/Greenwich"); those need no offset cache at all.
  return isUtcAlias(name) ? new FixedOffsetZone(name, 0) : zone;
}

function isUtcAlias(name: string): boolean {
  return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone === 'UTC';
}

/** The constant offset of a UTC/fixed zone, or `undefined` for a zone with transitions. */
export function fixedOffsetOf(zone: Zone): number | undefined {
  return zone instanceof FixedOffsetZone ? zone.fixedOffsetMs : undefined;
}

/** Wall-clock fields of an instant in `zone`. */
export function utcToLocal(zone: Zone, utcMs: number): LocalDateTime {
  return labelMsToLocal(utcToLabelMs(zone, utcMs));
}

/** The instant's wall-clock reading in `zone`, encoded as label ms (see calendar.ts). */
export function utcToLabelMs(zone: Zone, utcMs: number): number {
  return utcMs + zone.offsetMsAt(utcMs);
}
