/**
 * A hand-written RFC 8259 scanner over UTF-8 bytes (the caller validates UTF-8 separately). It finds
 * where one JSON value ends and notes where the value at the time-field path is, without building
 * strings or objects: per-record cost is one pass over the bytes and no allocation.
 *
 * Whitespace is space, tab and CR only: LF frames lines (see frameJsonl.ts), so a value never spans
 * one. Nesting uses an explicit stack, so deep input cannot overflow the call stack.
 */
import { Buffer } from 'node:buffer';
import { decodeJsonString } from './decodeJsonString.js';
import * as classes from './jsonByteClasses.js';
import type { TimeFieldValue } from '../types.js';

/** `scan` returns the end offset of the value, or one of these. */
// Module-local bindings on purpose: test/bench runners rewrite imported names into getter calls,
// which made the hot loops 4x slower there.
const { DIGIT, ESCAPE, HEX, LITERALS, PLAIN, WS } = classes;
export const INCOMPLETE = -1; // ran out of bytes while `final` was false: more bytes may complete it
export const MALFORMED = -2; // see `errorAt` and `errorDetail`

// What sits at the time-field path (T) and what the scanner expects next (S).
const T = { Missing: 0, String: 1, Number: 2, Null: 3, Boolean: 4, Object: 5, Array: 6 } as const;
type T = (typeof T)[keyof typeof T];
const S = { Value: 0, Key: 1, After: 2 } as const;
type S = (typeof S)[keyof typeof S];
const OBJ = 1;
const ARR = 2;

const MISSING: TimeFieldValue = Object.freeze({ kind: 'missing' });
const NULL: TimeFieldValue = Object.freeze({ kind: 'null' });
const DUPLICATE: TimeFieldValue = Object.freeze({ kind: 'duplicate-field' });
const BOOLEAN: TimeFieldValue = Object.freeze({ kind: 'other', jsonType: 'boolean' });
const OBJECT: TimeFieldValue = Object.freeze({ kind: 'other', jsonType: 'object' });
const ARRAY: TimeFieldValue = Object.freeze({ kind: 'other', jsonType: 'array' });

/**
 * Skips plain string content (no quote, backslash or control character): returns the offset of the
 * first byte in `[i, end)` that is not plain, or `end`. Four bytes at a time, with exact SWAR tests
 * (no false hit below the first real one), read little-endian; the last 0–3 bytes one by one.
 */
function skipPlainWords(words: DataView, buf: Uint8Array, i: number, end: number): number {
  while (i + 4 <= end) {
    const x = words.getInt32(i, true);
    // x ^ 0x02 maps 0x00–0x1f onto itself and the quote 0x22 to 0x20, so "below 0x21 after the
    // xor" is exactly "a control character or a quote"; x ^ 0x5c is 0 exactly at a backslash.
    // (b - k) & ~b & 0x80 flags bytes below k (k <= 0x80) with no false flag below the first real
    // one. Checked over all 2^32 words.
    const q = x ^ 0x02020202;
    const b = x ^ 0x5c5c5c5c;
    const hits = ((((q - 0x21212121) | 0) & ~q) | (((b - 0x01010101) | 0) & ~b)) & 0x80808080;
    if (hits !== 0) return i + ((31 - Math.clz32(hits & -hits)) >> 3);
    i += 4;
  }
  while (i < end && PLAIN[buf[i]!] === 1) i++;
  return i;
}

export class JsonValueScanner {
  /** Where and why the last `scan` returned MALFORMED. */
  errorAt = 0;
  errorDetail = '';
  private readonly pathBytes: readonly Uint8Array[];
  private readonly seen: Uint32Array;
  private stack = new Uint8Array(64);
  private escaped = false;
  private timeKind: T = T.Missing;
  private timeStart = 0;
  private timeEnd = 0;
  private timeEscaped = false;
  private duplicate = false;
  // A DataView over the buffer being scanned, for skipPlainWords.
  private words: DataView = new DataView(new ArrayBuffer(0));
  private wordsOf: Uint8Array | undefined;

  /** `timeFieldPath`: keys from the top-level object down, e.g. `["meta", "ts"]`. */
  constructor(private readonly timeFieldPath: readonly string[]) {
    this.pathBytes = timeFieldPath.map((key) => Buffer.from(key, 'utf8'));
    this.seen = new Uint32Array(timeFieldPath.length);
  }

  /**
   * Scans one value starting at `pos` (leading whitespace allowed). `final`: `end` is the end of
   * the line, so a value cut there is malformed rather than incomplete.
   */
  scan(buf: Uint8Array, pos: number, end: number, final: boolean): number {
    const pathLength = this.pathBytes.length;
    this.timeKind = T.Missing;
    this.duplicate = false;
    for (let k = 0; k < pathLength; k++) this.seen[k] = 0;
    if (buf !== this.wordsOf) {
      this.words = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      this.wordsOf = buf;
    }
    const words = this.words;
    let depth = 0; // containers open
    let onPath = 0; // depth of the deepest open object that lies on the time-field path
    let hit = 0; // the key just read matched the path at this depth (0: no)
    let state: S = S.Value;
    let i = pos;
    // One turn of this loop reads what follows a value (`,` or a bracket), then a key and its
    // colon if in an object, then a value: the states fall through instead of looping back.
    for (;;) {
      while (i < end && WS[buf[i]!] === 1) i++;
      if (i >= end) return this.cut(i, final);
      let c = buf[i]!;
      if (state === S.After) {
        const top = this.stack[depth - 1];
        if (c === 0x2c) {
          i++;
          if (top !== OBJ) {
            state = S.Value;
            continue;
          }
          while (i < end && WS[buf[i]!] === 1) i++;
          if (i >= end) return this.cut(i, final);
          c = buf[i]!;
          state = S.Key;
        } else if ((c === 0x7d && top === OBJ) || (c === 0x5d && top === ARR)) {
          i++;
          if (onPath === depth) onPath--;
          depth--;
          if (depth === 0) return i;
          continue;
        } else return this.fail(i, "expected ',' or a closing bracket");
      }
      if (state === S.Key) {
        if (c !== 0x22) return this.fail(i, 'expected a string key');
        const keyStart = i + 1;
        i = skipPlainWords(words, buf, keyStart, end);
        let escaped = false;
        if (i < end && buf[i] === 0x22) i++;
        else {
          i = this.scanString(buf, i, end, final);
          if (i < 0) return i;
          escaped = this.escaped;
        }
        if (depth === onPath && depth <= pathLength && this.keyIs(buf, keyStart, i - 1, depth - 1, escaped)) {
          if (this.seen[depth - 1]!++ > 0) this.duplicate = true;
          hit = depth;
        }
        while (i < end && WS[buf[i]!] === 1) i++;
        if (i >= end) return this.cut(i, final);
        if (buf[i] !== 0x3a) return this.fail(i, "expected ':' after a key");
        i++;
        while (i < end && WS[buf[i]!] === 1) i++;
        if (i >= end) return this.cut(i, final);
        c = buf[i]!;
        state = S.Value;
      }
      // A value starts at i.
      const isTime = hit !== 0 && hit === pathLength;
      const start = i;
      if (c === 0x7b || c === 0x5b) {
        const descends = (hit !== 0 && hit < pathLength) || (depth === 0 && pathLength > 0);
        hit = 0;
        if (isTime) this.noteTime(c === 0x7b ? T.Object : T.Array, start, start);
        if (depth === this.stack.length) this.growStack();
        this.stack[depth++] = c === 0x7b ? OBJ : ARR;
        if (c === 0x7b && descends) onPath = depth;
        i++;
        while (i < end && WS[buf[i]!] === 1) i++;
        if (i < end && buf[i] === c + 2) {
          // `{}` or `[]`
          i++;
          if (onPath === depth) onPath--;
          depth--;
          if (depth === 0) return i;
          state = S.After;
        } else state = c === 0x7b ? S.Key : S.Value;
        continue;
      }
      hit = 0;
      let escaped = false;
      if (c === 0x22) {
        i = skipPlainWords(words, buf, i + 1, end);
        if (i < end && buf[i] === 0x22) i++;
        else {
          i = this.scanString(buf, i, end, final);
          escaped = this.escaped;
        }
      } else if (c >= 0x31 && c <= 0x39) {
        // A positive integer inline (the common number); anything more goes to scanNumber.
        i++;
        while (i < end && DIGIT[buf[i]!] === 1) i++;
        if (i >= end) {
          if (!final) return INCOMPLETE; // it may go on in the next chunk
        } else if (buf[i] === 0x2e || buf[i] === 0x65 || buf[i] === 0x45) i = this.scanNumber(buf, start, end, final);
      } else if (c === 0x2d || c === 0x30) i = this.scanNumber(buf, i, end, final);
      else {
        const word = LITERALS[c];
        if (word === undefined) return this.fail(i, 'expected a JSON value');
        i = this.scanLiteral(buf, i, end, final, word);
      }
      if (i < 0) return i;
      if (isTime) {
        const kind = c === 0x22 ? T.String : c === 0x74 || c === 0x66 ? T.Boolean : c === 0x6e ? T.Null : T.Number;
        if (kind === T.String) this.noteTime(kind, start + 1, i - 1, escaped);
        else this.noteTime(kind, start, i);
      }
      if (depth === 0) return i;
      state = S.After;
    }
  }

  /**
   * Where the raw time value of the last successfully scanned value starts when it can be read
   * from its bytes: the content of a string without escapes (its UTF-8 text, quotes excluded; see
   * {@link rawTimeIsString}) or a number literal. −1 otherwise (then only `timeValue` tells). It
   * ends at {@link rawTimeEnd}. Lets a caller read the time without building a string.
   */
  rawTimeStart(): number {
    if (this.duplicate) return -1;
    return (this.timeKind === T.String && !this.timeEscaped) || this.timeKind === T.Number ? this.timeStart : -1;
  }

  get rawTimeEnd(): number {
    return this.timeEnd;
  }

  get rawTimeIsString(): boolean {
    return this.timeKind === T.String;
  }

  /** What was at the time-field path in the last successfully scanned value. */
  timeValue(buf: Uint8Array): TimeFieldValue {
    if (this.duplicate) return DUPLICATE;
    switch (this.timeKind) {
      case T.Missing:
        return MISSING;
      case T.Null:
        return NULL;
      case T.String:
        return {
          kind: 'string',
          value: this.timeEscaped ? decodeJsonString(buf, this.timeStart, this.timeEnd) : slice(buf, this.timeStart, this.timeEnd, 'utf8'),
        };
      case T.Number:
        return { kind: 'number', literal: slice(buf, this.timeStart, this.timeEnd, 'latin1') };
      case T.Boolean:
        return BOOLEAN;
      case T.Object:
        return OBJECT;
      case T.Array:
        return ARRAY;
    }
  }

  private noteTime(kind: T, start: number, end: number, escaped = false): void {
    this.timeKind = kind;
    this.timeStart = start;
    this.timeEnd = end;
    this.timeEscaped = escaped;
  }

  /** Is the key `buf[start, end)` (inside the quotes) equal to path segment `level`? */
  private keyIs(buf: Uint8Array, start: number, end: number, level: number, escaped: boolean): boolean {
    if (escaped) return decodeJsonString(buf, start, end) === this.timeFieldPath[level];
    const want = this.pathBytes[level]!;
    if (end - start !== want.length) return false;
    for (let k = 0; k < want.length; k++) if (buf[start + k] !== want[k]) return false;
    return true;
  }

  /**
   * `i` is inside a string (after its opening quote); returns the offset after the closing quote,
   * and sets `escaped` if an escape was read. The common case, a string without escapes, is
   * scanned inline by `scan`, which calls this only from the first byte that is not plain.
   */
  private scanString(buf: Uint8Array, i: number, end: number, final: boolean): number {
    this.escaped = false;
    for (;;) {
      while (i < end && PLAIN[buf[i]!] === 1) i++;
      if (i >= end) return this.cut(i, final);
      const c = buf[i]!;
      if (c === 0x22) return i + 1;
      if (c !== 0x5c) return this.fail(i, c === 0 ? 'NUL byte inside a string' : 'control character inside a string');
      this.escaped = true;
      if (i + 1 >= end) return this.cut(i + 1, final);
      const e = buf[i + 1]!;
      if (ESCAPE[e] === 1) i += 2;
      else if (e === 0x75) {
        for (let k = i + 2; k < i + 6; k++) {
          if (k >= end) return this.cut(k, final);
          if (HEX[buf[k]!] !== 1) return this.fail(k, 'invalid \\u escape');
        }
        i += 6;
      } else return this.fail(i, 'invalid escape');
    }
  }

  private scanNumber(buf: Uint8Array, i: number, end: number, final: boolean): number {
    if (buf[i] === 0x2d) i++;
    if (i >= end) return this.cut(i, final);
    if (buf[i] === 0x30) i++;
    else if (DIGIT[buf[i]!] === 1) while (i < end && DIGIT[buf[i]!] === 1) i++;
    else return this.fail(i, 'invalid number');
    if (i < end && buf[i] === 0x2e) {
      i++;
      if (i >= end) return this.cut(i, final);
      if (DIGIT[buf[i]!] !== 1) return this.fail(i, 'invalid number: digit expected after the point');
      while (i < end && DIGIT[buf[i]!] === 1) i++;
    }
    if (i < end && (buf[i] === 0x65 || buf[i] === 0x45)) {
      i++;
      if (i < end && (buf[i] === 0x2b || buf[i] === 0x2d)) i++;
      if (i >= end) return this.cut(i, final);
      if (DIGIT[buf[i]!] !== 1) return this.fail(i, 'invalid number: digit expected in the exponent');
      while (i < end && DIGIT[buf[i]!] === 1) i++;
    }
    // A number that reaches `end` may go on in the next chunk.
    return i >= end && !final ? INCOMPLETE : i;
  }

  private scanLiteral(buf: Uint8Array, i: number, end: number, final: boolean, word: Uint8Array): number {
    for (let k = 0; k < word.length; k++, i++) {
      if (i >= end) return this.cut(i, final);
      if (buf[i] !== word[k]) return this.fail(i, 'invalid literal');
    }
    return i;
  }

  /** The bytes ran out inside a value: INCOMPLETE, or MALFORMED when the line is over. */
  private cut(i: number, final: boolean): number {
    return final ? this.fail(i, 'value cut off at the end of the line') : INCOMPLETE;
  }

  private fail(i: number, detail: string): number {
    this.errorAt = i;
    this.errorDetail = detail;
    return MALFORMED;
  }

  private growStack(): void {
    const bigger = new Uint8Array(this.stack.length * 2);
    bigger.set(this.stack);
    this.stack = bigger;
  }
}

function slice(buf: Uint8Array, start: number, end: number, encoding: 'utf8' | 'latin1'): string {
  if (Buffer.isBuffer(buf)) return buf.toString(encoding, start, end);
  return Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString(encoding);
}
