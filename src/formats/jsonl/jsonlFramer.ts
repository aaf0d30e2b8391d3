/**
 * Splits decompressed JSON-lines bytes into records. THE FRAMING RULE (README):
 *
 * - Lines end at LF. A line that holds exactly one JSON value (spaces, tabs and CR around it allowed)
 *   is one record: the line's bytes without the LF and without a CR just before that LF. The
 *   object's delimiter is the terminator of the first line that holds a record ('none' if that line
 *   is concatenated JSON).
 * - Blank lines (nothing but spaces, tabs, CR) are not records; they are counted.
 * - A line whose first value is an object or array followed by more non-blank bytes is
 *   concatenated JSON (Firehose): each value is its own record, byte for byte; whitespace between
 *   values belongs to no record. If a later value on such a line is malformed or cut off by the line's
 *   end, records can no longer be told apart: the whole object is unreadable ('broken-framing').
 * - Any other line (its first value malformed, or a scalar followed by more text) is ONE record whose
 *   time is `malformed`: its framing is intact, so it stays where it is as an unplaceable record.
 *
 * Memory: a line is copied into `carry` only while it is unfinished at the end of a chunk; a
 * concatenated line hands out each value as soon as it is complete, so the carry holds at most one
 * unfinished record (bounded by `maxRecordBytes`) plus the chunk being appended.
 */
import { Buffer } from 'node:buffer';
import { WS as WHITESPACE } from './jsonByteClasses.js';
import { INCOMPLETE, MALFORMED, JsonValueScanner } from './scanJsonValue.js';
import { UnreadableObjectError } from './unreadableObjectError.js';
import type { Delimiter, RecordView, TimeFieldValue } from '../types.js';

const WS = WHITESPACE; // a local binding: see scanJsonValue.ts
const LF = 0x0a;
const CR = 0x0d;
const EMPTY = Buffer.alloc(0);

/**
 * The record handed to `onRecord`, reused for every record and only valid during the call. Besides
 * the {@link RecordView} it exposes where the record sits, so that a hot caller can hash the bytes
 * and read the time without allocating: `bytes` and `time` are built only when asked for.
 */
export class FramedRecord implements RecordView {
  /** The record is `buffer[start, end)`. */
  buffer: Buffer = EMPTY;
  start = 0;
  end = 0;
  line = 0;
  byteOffset = 0;
  /**
   * When the time field holds a string without escapes (`timeIsString`) or a number, its raw text
   * is `buffer[timeStart, timeEnd)` (a string's UTF-8 content without the quotes, or the number
   * literal); otherwise `timeStart` is −1 and only `time` tells.
   */
  timeStart = -1;
  timeEnd = -1;
  timeIsString = false;
  /** Set for a malformed line; otherwise `time` is read from the scanner on first use. */
  malformed: TimeFieldValue | undefined;
  private cachedTime: TimeFieldValue | undefined;

  constructor(private readonly scanner: JsonValueScanner) {}

  get bytes(): Buffer {
    return this.buffer.subarray(this.start, this.end);
  }

  get time(): TimeFieldValue {
    return (this.cachedTime ??= this.malformed ?? this.scanner.timeValue(this.buffer));
  }

  /** Called by the framer right after the scan of this record (before the scanner moves on). */
  reset(buffer: Buffer, start: number, end: number, line: number, byteOffset: number, malformed: TimeFieldValue | undefined): void {
    this.buffer = buffer;
    this.start = start;
    this.end = end;
    this.line = line;
    this.byteOffset = byteOffset;
    this.malformed = malformed;
    this.cachedTime = undefined;
    if (malformed === undefined) {
      this.timeStart = this.scanner.rawTimeStart();
      this.timeEnd = this.scanner.rawTimeEnd;
      this.timeIsString = this.scanner.rawTimeIsString;
    } else {
      this.timeStart = this.timeEnd = -1;
    }
  }
}

export class JsonlFramer {
  records = 0;
  blankLines = 0;
  /** Set by the first line that holds a record and ends in a terminator, or that is concatenated. */
  delimiter: Delimiter | undefined;
  finalDelimiter = false;
  /** The line in progress (1-based). */
  line = 1;
  private offset = 0; // stream offset of the next byte fed
  private carry = Buffer.allocUnsafe(64 * 1024);
  private carryLength = 0;
  private carryOffset = 0; // stream offset of carry[0]
  private concatenated = false; // the line in progress is concatenated JSON
  private rescanAt = 0; // carry length at which an unfinished line is looked at again
  private lastRecordLine = 0;
  private readonly scanner: JsonValueScanner;
  private readonly view: FramedRecord;

  constructor(
    timeFieldPath: readonly string[],
    private readonly maxRecordBytes: number,
    private readonly onRecord: (record: FramedRecord) => void,
  ) {
    this.scanner = new JsonValueScanner(timeFieldPath);
    this.view = new FramedRecord(this.scanner);
  }

  /** Bytes that belong to no record and to no line (a byte-order mark). */
  skip(byteCount: number): void {
    this.offset += byteCount;
  }

  feed(chunk: Buffer): void {
    const base = this.offset;
    this.offset += chunk.length;
    let p = 0;
    if (this.carryLength > 0 || this.concatenated) {
      const newline = chunk.indexOf(LF);
      this.append(chunk, 0, newline < 0 ? chunk.length : newline, base);
      if (newline < 0) return this.lookAtUnfinishedLine();
      this.endLine(this.carry, 0, this.carryLength, this.carryOffset, true);
      p = newline + 1;
    }
    for (let newline = chunk.indexOf(LF, p); newline >= 0; newline = chunk.indexOf(LF, p)) {
      this.endLine(chunk, p, newline, base + p, true);
      p = newline + 1;
    }
    if (p < chunk.length) {
      this.append(chunk, p, chunk.length, base);
      this.lookAtUnfinishedLine();
    }
  }

  /** End of the stream: the last line has no terminator. */
  finish(): void {
    if (this.carryLength > 0 || this.concatenated) this.endLine(this.carry, 0, this.carryLength, this.carryOffset, false);
  }

  /** `buf[start, end)` is the rest of the line in progress, which starts at stream offset `at`. */
  private endLine(buf: Buffer, start: number, end: number, at: number, terminated: boolean): void {
    const line = this.line;
    if (this.concatenated) this.scanConcatenated(buf, start, end, at, true);
    else {
      let first = start;
      while (first < end && WS[buf[first]!] === 1) first++;
      if (first === end) {
        if (terminated || end > start) this.blankLines++;
      } else {
        const scanner = this.scanner;
        const valueEnd = scanner.scan(buf, first, end, true);
        let after = valueEnd;
        while (after >= 0 && after < end && WS[buf[after]!] === 1) after++;
        if (valueEnd === MALFORMED) this.emitLine(buf, start, end, at, terminated, { kind: 'malformed', detail: scanner.errorDetail });
        else if (after === end) this.emitLine(buf, start, end, at, terminated, undefined);
        else if (buf[first] === 0x7b || buf[first] === 0x5b) {
          this.delimiter ??= 'none';
          this.concatenated = true;
          this.emit(buf, first, valueEnd, at + first - start, undefined);
          this.scanConcatenated(buf, after, end, at + after - start, true);
        } else {
          const detail = 'a scalar value followed by more text';
          this.emitLine(buf, start, end, at, terminated, { kind: 'malformed', detail });
        }
      }
    }
    this.carryLength = 0;
    if (!terminated) return;
    if (this.lastRecordLine === line) this.finalDelimiter = true;
    this.line = line + 1;
    this.concatenated = false;
    this.rescanAt = 0;
  }

  /** A whole line is one record; `malformed` unless the scanner accepted it (then it knows the time). */
  private emitLine(buf: Buffer, start: number, end: number, at: number, terminated: boolean, malformed: TimeFieldValue | undefined): void {
    const endsInCr = end > start && buf[end - 1] === CR;
    if (terminated) this.delimiter ??= endsInCr ? 'crlf' : 'lf';
    this.emit(buf, start, terminated && endsInCr ? end - 1 : end, at, malformed);
  }

  /** Hands out every complete value in `buf[start, end)`; returns where an unfinished one starts. */
  private scanConcatenated(buf: Buffer, start: number, end: number, at: number, final: boolean): number {
    let i = start;
    for (;;) {
      while (i < end && WS[buf[i]!] === 1) i++;
      if (i >= end) return end;
      const valueEnd = this.scanner.scan(buf, i, end, final);
      if (valueEnd === INCOMPLETE) return i;
      if (valueEnd === MALFORMED) {
        const byteOffset = at + this.scanner.errorAt - start;
        const message = `Concatenated JSON on line ${this.line} breaks at byte ${byteOffset}: ${this.scanner.errorDetail}`;
        throw new UnreadableObjectError('broken-framing', message, { byteOffset, line: this.line });
      }
      this.emit(buf, i, valueEnd, at + i - start, undefined);
      i = valueEnd;
    }
  }

  /**
   * The carry holds an unfinished line. Concatenated values in it are handed out now so that a
   * newline-free object never piles up; rescans are spaced geometrically to keep the work linear.
   */
  private lookAtUnfinishedLine(): void {
    if (this.carryLength >= this.rescanAt) {
      const carry = this.carry;
      const length = this.carryLength;
      let resume = 0;
      this.rescanAt = length * 2;
      if (!this.concatenated) {
        let first = 0;
        while (first < length && WS[carry[first]!] === 1) first++;
        const valueEnd = first < length ? this.scanner.scan(carry, first, length, false) : INCOMPLETE;
        let after = valueEnd;
        while (after >= 0 && after < length && WS[carry[after]!] === 1) after++;
        if (valueEnd === MALFORMED || (after >= 0 && after < length && carry[first] !== 0x7b && carry[first] !== 0x5b)) {
          this.rescanAt = Infinity; // one malformed record: wait for the end of the line
        } else if (after >= 0 && after < length) {
          this.delimiter ??= 'none';
          this.concatenated = true;
          this.emit(carry, first, valueEnd, this.carryOffset + first, undefined);
          resume = after;
        }
      }
      if (this.concatenated) {
        const unfinished = this.scanConcatenated(carry, resume, length, this.carryOffset + resume, false);
        carry.copyWithin(0, unfinished, length);
        this.carryLength = length - unfinished;
        this.carryOffset += unfinished;
        this.rescanAt = this.carryLength * 2;
      }
    }
    if (this.carryLength > this.maxRecordBytes) this.tooLarge(this.carryOffset);
  }

  private emit(buf: Buffer, start: number, end: number, byteOffset: number, malformed: TimeFieldValue | undefined): void {
    if (end - start > this.maxRecordBytes) this.tooLarge(byteOffset);
    const view = this.view;
    view.reset(buf, start, end, this.line, byteOffset, malformed);
    this.records++;
    this.lastRecordLine = this.line;
    this.finalDelimiter = false;
    this.onRecord(view);
  }

  private append(chunk: Buffer, from: number, to: number, chunkOffset: number): void {
    if (this.carryLength === 0) this.carryOffset = chunkOffset + from;
    const needed = this.carryLength + (to - from);
    if (needed > this.carry.length) {
      const bigger = Buffer.allocUnsafe(Math.max(needed, this.carry.length * 2));
      this.carry.copy(bigger, 0, 0, this.carryLength);
      this.carry = bigger;
    }
    chunk.copy(this.carry, this.carryLength, from, to);
    this.carryLength = needed;
  }

  private tooLarge(byteOffset: number): never {
    const message = `A record on line ${this.line} is larger than the limit of ${this.maxRecordBytes} bytes`;
    throw new UnreadableObjectError('record-too-large', message, { byteOffset, line: this.line });
  }
}
