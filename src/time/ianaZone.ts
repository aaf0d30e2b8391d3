/**
 * An IANA zone backed by `Intl.DateTimeFormat`, the only tz database a Node process is guaranteed
 * to carry. `formatToParts` costs microseconds, so offsets are cached per UTC hour: the parser asks
 * for an offset once per record and the records of one run cluster in a few hundred hours.
 */
import { DAY_MS, HOUR_MS, daysFromCivil, localToLabelMs } from './calendar.js';
import type { LocalDateTime, LocalResolution, Zone } from './types.js';

/** Offsets within one UTC hour. Nearly always `transitionMs = +Infinity` (no change in the hour). */
interface HourOffsets {
  readonly beforeMs: number;
  readonly transitionMs: number;
  readonly afterMs: number;
}

/** Enough for ~11 years of hours; the cache is dropped, not grown, past this (bounded memory). */
const MAX_CACHED_HOURS = 100_000;

export class IanaZone implements Zone {
  readonly name: string;
  readonly #formatter: Intl.DateTimeFormat;
  readonly #hours = new Map<number, HourOffsets>();
  #lastHour = Number.NaN;
  #lastEntry: HourOffsets | undefined;

  /** Throws `RangeError` (from Intl) for an unknown zone; `loadZone` turns that into a UsageError. */
  constructor(name: string) {
    this.name = name;
    this.#formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  offsetMsAt(utcMs: number): number {
    const hour = Math.floor(utcMs / HOUR_MS);
    let entry = hour === this.#lastHour ? this.#lastEntry : this.#hours.get(hour);
    if (entry === undefined) {
      entry = this.#computeHour(hour);
      if (this.#hours.size >= MAX_CACHED_HOURS) this.#hours.clear();
      this.#hours.set(hour, entry);
    }
    this.#lastHour = hour;
    this.#lastEntry = entry;
    return utcMs < entry.transitionMs ? entry.beforeMs : entry.afterMs;
  }

  resolveLocal(local: LocalDateTime): LocalResolution {
    const labelMs = localToLabelMs(local);
    // Offsets a day either side bracket every instant that can read as this wall time (|offset| ≤
    // 18h). Assumption, documented: at most one transition within those 48 hours.
    const earlyOffsetMs = this.offsetMsAt(labelMs - DAY_MS);
    const lateOffsetMs = this.offsetMsAt(labelMs + DAY_MS);
    const earlyValid = this.offsetMsAt(labelMs - earlyOffsetMs) === earlyOffsetMs;
    if (earlyOffsetMs === lateOffsetMs) {
      if (earlyValid) return { kind: 'unique', utcMs: labelMs - earlyOffsetMs };
    }
    const lateValid = lateOffsetMs !== earlyOffsetMs && this.offsetMsAt(labelMs - lateOffsetMs) === lateOffsetMs;
    if (earlyValid && lateValid) {
      const a = labelMs - earlyOffsetMs;
      const b = labelMs - lateOffsetMs;
      return { kind: 'ambiguous', earlierUtcMs: Math.min(a, b), laterUtcMs: Math.max(a, b) };
    }
    if (earlyValid) return { kind: 'unique', utcMs: labelMs - earlyOffsetMs };
    if (lateValid) return { kind: 'unique', utcMs: labelMs - lateOffsetMs };
    // A gap: the clock jumped over this wall time. Find the instant of the jump.
    const loMs = labelMs - Math.max(earlyOffsetMs, lateOffsetMs);
    const hiMs = labelMs - Math.min(earlyOffsetMs, lateOffsetMs);
    return { kind: 'nonexistent', gapStartUtcMs: this.#firstChange(loMs, hiMs) };
  }

  /** First ms in (loMs, hiMs] whose offset differs from the offset at loMs (binary search). */
  #firstChange(loMs: number, hiMs: number): number {
    const startOffsetMs = this.#intlOffsetMs(loMs);
    let lo = loMs;
    let hi = hiMs;
    while (hi - lo > 1) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (this.#intlOffsetMs(mid) === startOffsetMs) lo = mid;
      else hi = mid;
    }
    return hi;
  }

  #computeHour(hour: number): HourOffsets {
    const startMs = hour * HOUR_MS;
    const endMs = startMs + HOUR_MS - 1;
    const beforeMs = this.#intlOffsetMs(startMs);
    const afterMs = this.#intlOffsetMs(endMs);
    if (beforeMs === afterMs) return { beforeMs, transitionMs: Number.POSITIVE_INFINITY, afterMs };
    // Transitions are not always on a UTC hour (LMT offsets such as +09:18:59), so pin it to the ms.
    return { beforeMs, transitionMs: this.#firstChange(startMs, endMs), afterMs };
  }

  /** Offset straight from Intl. Intl reads whole seconds, so compare with the floored second. */
  #intlOffsetMs(utcMs: number): number {
    let year = 0;
    let month = 0;
    let day = 0;
    let hour = 0;
    let minute = 0;
    let second = 0;
    let beforeCommonEra = false;
    for (const part of this.#formatter.formatToParts(utcMs)) {
      switch (part.type) {
        case 'year': year = Number(part.value); break;
        case 'month': month = Number(part.value); break;
        case 'day': day = Number(part.value); break;
        case 'hour': hour = Number(part.value) % 24; break; // some ICU builds print 24 for midnight
        case 'minute': minute = Number(part.value); break;
        case 'second': second = Number(part.value); break;
        case 'era': beforeCommonEra = part.value === 'BC' || part.value === 'B'; break;
        default: break;
      }
    }
    if (beforeCommonEra) year = 1 - year; // 1 BC is astronomical year 0
    const localSeconds = daysFromCivil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second;
    return localSeconds * 1_000 - Math.floor(utcMs / 1_000) * 1_000;
  }
}
