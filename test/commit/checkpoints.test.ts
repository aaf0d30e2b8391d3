import { expect, test } from 'vitest';
import { CHECKPOINTS, createCheckpoints, parseCrashSpec } from '../../src/commit/checkpoints.js';

test('a crash spec fires at exactly the n-th hit of its checkpoint', () => {
  let kills = 0;
  const checkpoints = createCheckpoints('unit.output-created:3', () => (kills += 1));
  checkpoints.hit('unit.output-created');
  checkpoints.hit('unit.start');
  checkpoints.hit('unit.output-created');
  expect(kills).toBe(0);
  checkpoints.hit('unit.output-created');
  expect(kills).toBe(1);
  checkpoints.hit('unit.output-created');
  expect(kills).toBe(1);
});

test('no spec: checkpoints are inert; a bad spec is a usage error naming the choices', () => {
  const checkpoints = createCheckpoints(undefined, () => {
    throw new Error('must not fire');
  });
  for (const name of CHECKPOINTS) checkpoints.hit(name);
  expect(parseCrashSpec('')).toBeNull();
  expect(() => parseCrashSpec('unit.nope:1')).toThrow(/REPARTITION_CRASH_AT.*unit\.start/);
  expect(() => parseCrashSpec('unit.start')).toThrow(/<checkpoint>:<n>/);
});

test('checkpoint names are unique', () => {
  expect(new Set(CHECKPOINTS).size).toBe(CHECKPOINTS.length);
});
