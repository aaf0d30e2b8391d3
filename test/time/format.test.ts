import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { compilePattern, compileTimeFormat } from '../../src/time/index.js';

describe('compileTimeFormat', () => {
  it('knows the named formats', () => {
    expect(compileTimeFormat('auto')).toEqual({ kind: 'auto' });
    expect(compileTimeFormat('ISO8601')).toEqual({ kind: 'iso8601' });
    expect(compileTimeFormat('epoch_s')).toEqual({ kind: 'epoch', unit: 's' });
    expect(compileTimeFormat('epoch_ms')).toEqual({ kind: 'epoch', unit: 'ms' });
    expect(compileTimeFormat('epoch_us')).toEqual({ kind: 'epoch', unit: 'us' });
    expect(compileTimeFormat('epoch_ns')).toEqual({ kind: 'epoch', unit: 'ns' });
  });

  it('keeps a valid pattern as given', () => {
    expect(compileTimeFormat('dd/MMM/yyyy:HH:mm:ss Z')).toEqual({ kind: 'pattern', pattern: 'dd/MMM/yyyy:HH:mm:ss Z' });
  });

  it.each([
    ['', 'Expected `--time-format`'],
    ['epoch', 'unknown token "e"'],
    ['toString', 'unknown token "t"'],
    ['yy-MM-dd HH', 'unknown token "yy"'],
    ["yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSS", 'unknown token "SSSSSSSSSS"'],
    ['yyyy-MM-ddTHH:mm', 'unknown token "T"'],
    ['yyyy-MM-dd HH:mm XX', 'unknown token "XX"'],
    ['yyyy-MM-dd', 'must contain yyyy, MM (or MMM), dd and HH'],
    ['MM-dd HH', 'must contain'],
    ['yyyy-MM-dd HH MMM', 'the month appears twice'],
    ['yyyy-MM-dd HH Z X', 'the offset appears twice'],
    ["yyyy-MM-dd'T HH", 'unclosed quote'],
  ])('rejects %j', (spec, message) => {
    let error: unknown;
    try {
      compileTimeFormat(spec);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).context.option).toBe('--time-format');
    expect((error as UsageError).message).toContain(message);
  });

  it('compiles quoted literals, escaped quotes and merges literal runs', () => {
    const compiled = compilePattern("'['yyyy-MM-dd'T'HH''mm']'");
    expect(compiled.steps).toEqual([
      { kind: 'literal', text: '[' },
      { kind: 'number', field: 'year', width: 4 },
      { kind: 'literal', text: '-' },
      { kind: 'number', field: 'month', width: 2 },
      { kind: 'literal', text: '-' },
      { kind: 'number', field: 'day', width: 2 },
      { kind: 'literal', text: 'T' },
      { kind: 'number', field: 'hour', width: 2 },
      { kind: 'literal', text: "'" },
      { kind: 'number', field: 'minute', width: 2 },
      { kind: 'literal', text: ']' },
    ]);
    expect(compiled.hasOffset).toBe(false);
    expect(compilePattern('yyyyMMddHHmmssSSSXXX').hasOffset).toBe(true);
  });
});
