/**
 * A reader of the common shapes of one JSON line straight from the file's bytes: flat objects of
 * numbers, plain strings, booleans and null, and one level of nested object (k6's `tags`). It
 * spares JSON.parse and its per-line strings and objects, which is most of the time a results file
 * of a million lines takes. Anything it does not take on (an escaped string, an exponent, an array)
 * makes it answer false, and the caller parses that line with JSON.parse: the result is the same.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN = 0x7b;
const CLOSE = 0x7d;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;

/** Exact powers of ten: mantissa / 10^k is correctly rounded while both are exact doubles. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

export class JsonLineScanner {
  buffer: Buffer = Buffer.alloc(0);
  pos = 0;
  end = 0;
  /** Set by string(): the raw bytes of the last string read, and whether they were all ASCII. */
  stringStart = 0;
  stringEnd = 0;
  stringAscii = true;

  reset(buffer: Buffer, start: number, end: number): void {
    this.buffer = buffer;
    this.pos = start;
    this.end = end;
  }

  skipSpace(): void {
    const { buffer, end } = this;
    let pos = this.pos;
    while (pos < end) {
      const byte = buffer[pos] ?? 0;
      if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d && byte !== 0x0a) break;
      pos += 1;
    }
    this.pos = pos;
  }

  /** Consumes one structural byte (after spaces); false when the next byte is another. */
  take(byte: number): boolean {
    // JSON lines as tools write them have no spaces: look before skipping any.
    if (this.buffer[this.pos] !== byte) {
      this.skipSpace();
      if (this.buffer[this.pos] !== byte) return false;
    }
    this.pos += 1;
    return true;
  }

  /** Consumes the exact ASCII bytes given (no spaces skipped); false when they are not next. */
  takeBytes(bytes: Uint8Array): boolean {
    const { buffer, pos } = this;
    if (pos + bytes.length > this.end) return false;
    for (let i = 0; i < bytes.length; i += 1) if (buffer[pos + i] !== bytes[i]) return false;
    this.pos = pos + bytes.length;
    return true;
  }

  peek(): number {
    const byte = this.buffer[this.pos];
    if (byte !== 0x20 && byte !== 0x09) return byte ?? -1;
    this.skipSpace();
    return this.buffer[this.pos] ?? -1;
  }

  /** Reads a string's raw bytes into stringStart/stringEnd; false on an escape or no closing quote. */
  string(): boolean {
    if (!this.take(QUOTE)) return false;
    const { buffer, end } = this;
    let pos = this.pos;
    let high = 0;
    while (pos < end) {
      const byte = buffer[pos] ?? 0;
      if (byte === QUOTE) {
        this.stringStart = this.pos;
        this.stringEnd = pos;
        this.stringAscii = high < 0x80;
        this.pos = pos + 1;
        return true;
      }
      if (byte === BACKSLASH || byte < 0x20) return false;
      high |= byte;
      pos += 1;
    }
    return false;
  }

  /** True when the last string read has exactly these ASCII bytes. */
  stringIs(bytes: Uint8Array): boolean {
    const { buffer, stringStart, stringEnd } = this;
    if (stringEnd - stringStart !== bytes.length) return false;
    for (let i = 0; i < bytes.length; i += 1) if (buffer[stringStart + i] !== bytes[i]) return false;
    return true;
  }

  /** The last string read, decoded. */
  stringValue(): string {
    return this.buffer.toString(this.stringAscii ? 'latin1' : 'utf8', this.stringStart, this.stringEnd);
  }

  /**
   * A JSON number with at most 15 significant digits and no exponent, computed exactly as Number()
   * would; NaN when the next value is something else (the caller falls back).
   */
  number(): number {
    if (this.buffer[this.pos] === 0x20) this.skipSpace();
    const { buffer, end } = this;
    let pos = this.pos;
    const negative = buffer[pos] === MINUS;
    if (negative) pos += 1;
    let mantissa = 0;
    let digits = 0;
    let fraction = 0;
    let seenDot = false;
    while (pos < end) {
      const byte = buffer[pos] ?? 0;
      if (byte >= ZERO && byte <= ZERO + 9) {
        mantissa = mantissa * 10 + (byte - ZERO);
        digits += 1;
        if (seenDot) fraction += 1;
      } else if (byte === DOT && !seenDot) {
        seenDot = true;
      } else break;
      pos += 1;
    }
    if (digits === 0 || digits > 15 || (seenDot && fraction === 0)) return Number.NaN;
    const next = buffer[pos];
    // An exponent, or a number glued to something: not the common shape.
    if (
      next === 0x65 ||
      next === 0x45 ||
      (next !== undefined && next > 0x20 && next !== COMMA && next !== CLOSE)
    )
      return Number.NaN;
    this.pos = pos;
    const value = fraction === 0 ? mantissa : mantissa / (POW10[fraction] ?? 1);
    return negative ? -value : value;
  }

  /** true, false or null as JS values; undefined when the next value is none of them. */
  literal(): boolean | null | undefined {
    this.skipSpace();
    const first = this.buffer[this.pos];
    if (first === 0x74) return this.takeBytes(TRUE) ? true : undefined;
    if (first === 0x66) return this.takeBytes(FALSE) ? false : undefined;
    if (first === 0x6e) return this.takeBytes(NULL) ? null : undefined;
    return undefined;
  }

  /** Any scalar value, as JSON.parse would give it; undefined when it is not a plain scalar. */
  scalar(): string | number | boolean | null | undefined {
    const next = this.peek();
    if (next === QUOTE) return this.string() ? this.stringValue() : undefined;
    if (next === MINUS || (next >= ZERO && next <= ZERO + 9)) {
      const value = this.number();
      return Number.isNaN(value) ? undefined : value;
    }
    return this.literal();
  }

  /** Skips one value of the shapes above (a nested flat object included); false when it cannot. */
  skipValue(): boolean {
    if (this.peek() !== OPEN) return this.scalar() !== undefined;
    this.pos += 1;
    if (this.take(CLOSE)) return true;
    do {
      if (!this.string() || !this.take(COLON) || this.scalar() === undefined) return false;
    } while (this.take(COMMA));
    return this.take(CLOSE);
  }

  /** Nothing but spaces left on the line. */
  atEnd(): boolean {
    this.skipSpace();
    return this.pos >= this.end;
  }
}

export function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
}

const TRUE = ascii('true');
const FALSE = ascii('false');
const NULL = ascii('null');

export const BYTE = { QUOTE, COLON, COMMA, OPEN, CLOSE } as const;

/**
 * Remembers the last string decoded from a field, so a million lines naming the same three
 * endpoints decode three strings, not a million.
 */
export class StringCache {
  private bytes = new Uint8Array(0);
  private value = '';

  decode(scanner: JsonLineScanner): string {
    const { buffer, stringStart, stringEnd } = scanner;
    const length = stringEnd - stringStart;
    const bytes = this.bytes;
    if (length === bytes.length) {
      let same = true;
      for (let i = 0; i < length; i += 1) {
        if (buffer[stringStart + i] !== bytes[i]) {
          same = false;
          break;
        }
      }
      if (same) return this.value;
    }
    this.bytes = Uint8Array.prototype.slice.call(buffer, stringStart, stringEnd);
    this.value = scanner.stringValue();
    return this.value;
  }
}

const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

/**
 * Epoch milliseconds of an ISO 8601 time with a zone (`2023-09-08T21:03:10.549397854+02:00`,
 * `...Z`), what Date.parse gives (fraction truncated to the millisecond) without its cost; NaN
 * for any other shape (the caller uses Date.parse, which also knows local times).
 */
export function isoMillis(text: string): number {
  const length = text.length;
  if (length < 20 || text.charCodeAt(4) !== MINUS || text.charCodeAt(7) !== MINUS) return Number.NaN;
  const t = text.charCodeAt(10);
  if ((t !== 0x54 && t !== 0x74) || text.charCodeAt(13) !== COLON || text.charCodeAt(16) !== COLON)
    return Number.NaN;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  if (
    Number.isNaN(year + month + day + hour + minute + second) ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > 31 ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return Number.NaN;
  let pos = 19;
  let millis = 0;
  if (text.charCodeAt(pos) === DOT) {
    pos += 1;
    let count = 0;
    while (pos < length) {
      const code = text.charCodeAt(pos);
      if (code < ZERO || code > ZERO + 9) break;
      if (count < 3) millis = millis * 10 + (code - ZERO);
      count += 1;
      pos += 1;
    }
    if (count === 0) return Number.NaN;
    if (count === 1) millis *= 100;
    else if (count === 2) millis *= 10;
  }
  let offsetMinutes = 0;
  const zone = text.charCodeAt(pos);
  if ((zone === 0x5a || zone === 0x7a) && pos + 1 === length) {
    // Z: UTC.
  } else if ((zone === 0x2b || zone === MINUS) && pos + 6 === length && text.charCodeAt(pos + 3) === COLON) {
    const hours = digitsAt(text, pos + 1, 2);
    const minutes = digitsAt(text, pos + 4, 2);
    if (Number.isNaN(hours + minutes) || hours > 23 || minutes > 59) return Number.NaN;
    offsetMinutes = (zone === MINUS ? -1 : 1) * (hours * 60 + minutes);
  } else return Number.NaN;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  if (day > monthDays) return Number.NaN;
  const days =
    daysFromCivil(year) + (DAYS_BEFORE_MONTH[month - 1] ?? 0) + (leap && month > 2 ? 1 : 0) + day - 1;
  return ((days * 24 + hour) * 60 + minute - offsetMinutes) * 60_000 + second * 1000 + millis;
}

function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i += 1) {
    const code = text.charCodeAt(i);
    if (code < ZERO || code > ZERO + 9) return Number.NaN;
    value = value * 10 + (code - ZERO);
  }
  return value;
}

/** Days from 1970-01-01 to January 1st of the year (proleptic Gregorian). */
function daysFromCivil(year: number): number {
  const y = year - 1;
  return (
    365 * (year - 1970) + (Math.floor(y / 4) - 492) - (Math.floor(y / 100) - 19) + (Math.floor(y / 400) - 4)
  );
}
