import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { parseDurationMs } from '../../src/time/index.js';

describe('parseDurationMs', () => {
  it.each([
    ['7d', 7 * 86_400_000],
    ['6h', 6 * 3_600_000],
    ['15m', 15 * 60_000],
    ['30s', 30_000],
    ['500ms', 500],
    ['1h30m', 5_400_000],
    ['1d2h3m4s5ms', 86_400_000 + 7_200_000 + 180_000 + 4_000 + 5],
    ['0', 0],
    ['0s', 0],
    [' 2h ', 7_200_000],
  ])('%s → %i ms', (text, ms) => {
    expect(parseDurationMs(text, '--max-lag')).toBe(ms);
  });

  it.each(['x', '', '7', '-1h', '1.5h', '7D', '1M', '30m1h', '1h1h', '1 h', 'h', '1h30', '99999999999999999d'])(
    'rejects %j naming the option',
    (text) => {
      let error: unknown;
      try {
        parseDurationMs(text, '--max-lag');
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(UsageError);
      const usage = error as UsageError;
      expect(usage.code).toBe('USAGE');
      expect(usage.context.option).toBe('--max-lag');
      expect(usage.message).toBe(`Expected \`--max-lag\` to be a duration such as 7d, 6h or 15m, got ${JSON.stringify(text)}`);
    },
  );

  it('adds the -- to an option given without it', () => {
    expect(() => parseDurationMs('x', 'settle')).toThrow('Expected `--settle` to be a duration');
  });
});
