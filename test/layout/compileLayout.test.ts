import { describe, expect, test } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { LAYOUT_PRESETS, compileLayout, isLayoutPreset } from '../../src/layout/index.js';
import { zone } from './helpers/zones.js';

const utc = zone('UTC');

describe('compileLayout: presets and templates', () => {
  test.each([
    ['hive', 'dt={yyyy}-{MM}-{dd}/hour={HH}', 'hour', 2],
    ['hive-ymdh', 'year={yyyy}/month={MM}/day={dd}/hour={HH}', 'hour', 4],
    ['firehose', '{yyyy}/{MM}/{dd}/{HH}', 'hour', 4],
    ['dt={yyyy-MM-dd}', 'dt={yyyy}-{MM}-{dd}', 'day', 1],
    ['dt={yyyy}-{MM}-{dd}', 'dt={yyyy}-{MM}-{dd}', 'day', 1],
    ['{yyyy}/{MM}/{dd}/{HH}/{mm}', '{yyyy}/{MM}/{dd}/{HH}/{mm}', 'minute', 5],
    ['{yyyyMMdd}/{HH}', '{yyyy}{MM}{dd}/{HH}', 'hour', 2],
    ['{yyyy/MM/dd}', '{yyyy}/{MM}/{dd}', 'day', 3],
    ['dt={yyyy-MM-dd}/hm={HHmm}', 'dt={yyyy}-{MM}-{dd}/hm={HH}{mm}', 'minute', 2],
    ['d_{dd}/m-{MM}/y{yyyy}', 'd_{dd}/m-{MM}/y{yyyy}', 'day', 3],
  ] as const)('%s → %s (%s, depth %i)', (spec, template, granularity, depth) => {
    const layout = compileLayout(spec, utc);
    expect(layout).toEqual({ template, granularity, depth, zone: utc });
    expect(Object.isFrozen(layout)).toBe(true);
  });

  test('every preset is recognised and expands to its template', () => {
    for (const [name, template] of Object.entries(LAYOUT_PRESETS)) {
      expect(isLayoutPreset(name)).toBe(true);
      expect(compileLayout(name, utc).template).toBe(template);
    }
    expect(isLayoutPreset('toString')).toBe(false); // an inherited name is not a preset
  });
});

describe('compileLayout: bad templates are usage errors on --layout', () => {
  test.each([
    ['', 'the layout is empty'],
    ['daily', 'not a preset (hive, hive-ymdh, firehose) and not a template'],
    ['/dt={yyyy-MM-dd}', 'must not start or end with "/"'],
    ['dt={yyyy-MM-dd}/', 'must not start or end with "/"'],
    ['dt={yyyy-MM-dd}//hour={HH}', 'segment 2 is empty'],
    ['dt={yyyy-MM-dd}/./hour={HH}', 'segment 2 "." is a relative path segment'],
    ['../dt={yyyy-MM-dd}/hour={HH}', 'segment 1 ".." is a relative path segment'],
    ['_dt={yyyy-MM-dd}/hour={HH}', 'segment 1 "_dt={yyyy}-{MM}-{dd}" starts with "_": Athena and Hive ignore such folders'],
    ['dt={yyyy-MM-dd}/.h{HH}', 'segment 2 ".h{HH}" starts with "."'],
    ['dt={yyyy-MM-dd}/{HH}.json', 'segment 2 "{HH}.json" contains "."; literals may only use letters, digits, =, - and _'],
    ['dt={yyyy-MM-dd} {HH}', 'contains " "'],
    ['dt={yyyy-MM-dd}/hour%3D{HH}', 'contains "%"'],
    ['dt={yyyy}-{MM}-{dd}/hour={HH}/{HH}', '{HH} appears more than once'],
    ['{yyyy}/{MM}/{dd}/{yyyyMMdd}', '{yyyy} appears more than once'],
    ['{yyyy}/{MM}/{HH}', 'missing {dd} (year, month and day are required)'],
    ['month={MM}', 'missing {yyyy} {dd}'],
    ['dt={yyyy-MM-dd}/m={mm}', '{mm} (minute) requires {HH} (hour)'],
    ['{YYYY}/{MM}/{dd}', 'unknown token "{YYYY}"'],
    ['{yyyy}/{MM}/{dd}/{hh}', 'unknown token "{hh}"'],
    ['{yyyy.MM.dd}', 'unknown token "{yyyy.MM.dd}"'],
    ['dt={yyyy-MM-dd}/{}', 'empty "{}"'],
    ['dt={yyyy-MM-dd', '"{" at position 4 is not closed'],
    ['dt={yyyy-{MM}-dd}', '"{" at position 4 is not closed'],
    ['dt={yyyy}-{MM}-dd}', '"}" at position 18 has no matching "{"'],
    ['logs/dt={yyyy-MM-dd}', 'segment 1 "logs" has no {…} token; put constant folders in the table root instead'],
    ['DT={yyyy-MM-dd}', 'must be Hive-style name={…} with one "=" and a lower-case name'],
    ['dt={yyyy}={MM}-{dd}', 'must be Hive-style name={…}'],
    ['={yyyy-MM-dd}', 'must be Hive-style name={…}'],
    ['{yyyy}=x{MM}{dd}', 'must be Hive-style name={…}'],
    ['v1{yyyy}/{MM}/{dd}', 'puts a literal digit next to a token'],
    ['{yyyy}/{MM}/{dd}0', 'puts a literal digit next to a token'],
  ])('%j → %s', (spec, message) => {
    let caught: unknown;
    try {
      compileLayout(spec, utc);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UsageError);
    const error = caught as UsageError;
    expect(error.code).toBe('USAGE');
    expect(error.context.option).toBe('--layout');
    expect(error.message).toContain(`Invalid --layout ${JSON.stringify(spec)}: `);
    expect(error.message).toContain(message);
    expect(error.hint).toContain('dt={yyyy}-{MM}-{dd}/hour={HH}');
  });
});
