/**
 * Character access for the hand-written scanners. `charCodeAt` past the end returns NaN and, worse,
 * sends V8 down a slow path (measured: ~5× slower scans); every read goes through `codeAt`, which
 * returns -1 there instead.
 */

export function codeAt(s: string, index: number): number {
  return index < s.length ? s.charCodeAt(index) : -1;
}

export function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Value of `count` ASCII digits at `at`, or -1. */
export function readDigits(s: string, at: number, count: number): number {
  if (at + count > s.length) return -1;
  let value = 0;
  for (let k = 0; k < count; k++) {
    const d = s.charCodeAt(at + k) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}
