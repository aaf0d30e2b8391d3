/** A battery of time-engine results that must not depend on the host's TZ (see hostTz.test.ts). */
import { compileTimeFormat, createEventTimeParser, loadZone, parseInstant, utcToLocal } from '../../src/time/index.js';
import type { TimeValue } from '../../src/time/index.js';

const INPUTS: TimeValue[] = [
  '2020-04-20T11:15:07Z', '2020-04-20T11:15:07', '2020-04-20 20:15:07+09:00', '2020-03-08T02:30', '2020-11-01T01:30',
  '2020-03-29T01:30', '2020-10-25T01:30', '2020-01-01T00:00', '1969-12-31T23:59:59.999', '2020-04-20', '1587381307.5',
  '20/Apr/2020:20:15:07 +0900', '2020-04-20 11:15:07',
].map((value): TimeValue => ({ kind: 'string', value }));
INPUTS.push({ kind: 'number', literal: '1587380399999999999' }, { kind: 'number', literal: '-1.5' });

const ZONES = ['UTC', 'Asia/Tokyo', 'America/New_York', 'Europe/London', 'America/St_Johns', '-03:30'];
const FORMATS = ['auto', 'iso8601', 'epoch_ms', 'dd/MMM/yyyy:HH:mm:ss Z', 'yyyy-MM-dd HH:mm:ss'];

/** Every result the engine gives for the battery, as plain JSON. */
export function probeTimeEngine(): unknown {
  const parsed = ZONES.flatMap((zone) =>
    FORMATS.map((format) => INPUTS.map(createEventTimeParser(compileTimeFormat(format), loadZone(zone)))),
  );
  const windows = ZONES.map((zone) => ['2020-04-20', '2020-11-01T01:30', '2020-03-08T02:30'].map((text) => parseInstant(text, loadZone(zone), '--from')));
  const locals = ZONES.map((zone) => [0, 1_587_381_307_123, 1_604_209_800_000].map((t) => utcToLocal(loadZone(zone), t)));
  return { parsed, windows, locals };
}
