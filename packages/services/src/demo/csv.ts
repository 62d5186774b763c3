// CSV text for COPY … (format csv): fields joined by commas, NULL as an unquoted empty field,
// text quoted when it holds a comma, quote, CR or LF (or is empty, which would read as NULL),
// booleans as t/f, timestamps as ISO 8601 with +08:00. Rows are built by string concatenation
// and handed to copyCsv in chunks, so a million rows never sit in memory at once.

const NEEDS_QUOTES = /[",\r\n]/;

/** A text field (null → NULL). */
export function text(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (value === '') return '""';
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A boolean field. */
export const bool = (value: boolean) => (value ? 't' : 'f');

/** A number field (null → NULL). */
export const num = (value: number | null | undefined) => (value === null || value === undefined ? '' : String(value));

/** A JSON field, quoted as text. */
export const json = (value: unknown) => text(JSON.stringify(value));

const OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 86_400_000;

const dayCache = new Map<number, string>();
let clock: string[] | undefined;

/** YYYY-MM-DD of a local (UTC+8) day index (days since 1970-01-01 local). */
export function dayText(day: number): string {
  let s = dayCache.get(day);
  if (s === undefined) {
    s = new Date(day * DAY_MS).toISOString().slice(0, 10);
    dayCache.set(day, s);
  }
  return s;
}

/** The local day index of an instant. */
export const dayOf = (ms: number) => Math.floor((ms + OFFSET_MS) / DAY_MS);

/** Local midnight (UTC+8) at the start of a day index, as epoch milliseconds. */
export const midnightOf = (day: number) => day * DAY_MS - OFFSET_MS;

function clockTexts(): string[] {
  if (!clock) {
    clock = new Array<string>(86_400);
    const two = (n: number) => (n < 10 ? `0${n}` : String(n));
    for (let s = 0; s < 86_400; s++) clock[s] = `${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
  }
  return clock;
}

/** A timestamp field: whole seconds, Beijing time, `YYYY-MM-DDTHH:MM:SS+08:00` (null → NULL). */
export function ts(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '';
  const local = Math.floor((ms + OFFSET_MS) / 1000);
  const day = Math.floor(local / 86_400);
  return `${dayText(day)}T${clockTexts()[local - day * 86_400]}+08:00`;
}

/** A date field from a day index. */
export const date = (day: number) => dayText(day);

/**
 * Batches CSV lines into chunks of about `rowsPerChunk` rows. `push` returns a finished chunk
 * when one is full; `flush` returns what is left.
 */
export class ChunkBuilder {
  #text = '';
  #rows = 0;
  total = 0;
  constructor(readonly rowsPerChunk = 20_000) {}

  /** Adds one line (without the newline); returns a full chunk, or undefined. */
  push(line: string): string | undefined {
    this.#text += line;
    this.#text += '\n';
    this.#rows++;
    this.total++;
    if (this.#rows < this.rowsPerChunk) return undefined;
    return this.flush();
  }

  flush(): string | undefined {
    if (this.#rows === 0) return undefined;
    const out = this.#text;
    this.#text = '';
    this.#rows = 0;
    return out;
  }
}

const COMMA = 44;
const NEWLINE = 10;

/**
 * A CSV chunk written byte by byte into a growing buffer — for the big tables, where building a
 * string per row (and V8 flattening it later) would cost more than the COPY itself. Every field
 * method appends the field and a comma; `end()` turns the last comma into the line break.
 */
export class CsvWriter {
  #buf: Buffer;
  #pos = 0;
  rows = 0;

  constructor(size = 8 << 20) {
    this.#buf = Buffer.allocUnsafe(size);
  }

  #room(n: number): void {
    if (this.#pos + n <= this.#buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.#buf.length * 2, this.#pos + n));
    this.#buf.copy(bigger, 0, 0, this.#pos);
    this.#buf = bigger;
  }

  /** A field that needs no quoting (codes, enums, numbers as text); null → NULL. */
  s(value: string | null | undefined): this {
    if (value !== null && value !== undefined) {
      const n = value.length;
      this.#room(n * 3 + 1);
      const buf = this.#buf;
      let pos = this.#pos;
      for (let i = 0; i < n; i++) {
        const code = value.charCodeAt(i);
        if (code > 127) {
          pos += buf.write(value.slice(i), pos, 'utf8');
          break;
        }
        buf[pos++] = code;
      }
      this.#pos = pos;
    }
    return this.#comma();
  }

  /** Free text (quoted when needed); null → NULL. */
  t(value: string | null | undefined): this {
    return this.s(text(value));
  }

  /** A whole number (null → NULL). */
  i(value: number | null | undefined): this {
    if (value === null || value === undefined) return this.#comma();
    if (!Number.isInteger(value) || value < 0 || value > 1e12) return this.s(String(value));
    this.#room(14);
    this.#digits(value);
    return this.#comma();
  }

  /** Any number (null → NULL). */
  n(value: number | null | undefined): this {
    if (value === null || value === undefined) return this.#comma();
    return Number.isInteger(value) && value >= 0 ? this.i(value) : this.s(String(value));
  }

  b(value: boolean): this {
    this.#room(2);
    this.#buf[this.#pos++] = value ? 116 : 102; // t / f
    return this.#comma();
  }

  /** A timestamp `YYYY-MM-DDTHH:MM:SS+08:00` (null → NULL). */
  d(ms: number | null | undefined): this {
    if (ms === null || ms === undefined) return this.#comma();
    const local = Math.floor((ms + OFFSET_MS) / 1000);
    const day = Math.floor(local / 86_400);
    let sec = local - day * 86_400;
    const date = dayText(day);
    this.#room(32);
    const buf = this.#buf;
    let pos = this.#pos;
    for (let i = 0; i < 10; i++) buf[pos++] = date.charCodeAt(i);
    buf[pos++] = 84; // T
    const h = Math.floor(sec / 3600);
    sec -= h * 3600;
    const m = Math.floor(sec / 60);
    sec -= m * 60;
    buf[pos++] = 48 + Math.floor(h / 10);
    buf[pos++] = 48 + (h % 10);
    buf[pos++] = 58;
    buf[pos++] = 48 + Math.floor(m / 10);
    buf[pos++] = 48 + (m % 10);
    buf[pos++] = 58;
    buf[pos++] = 48 + Math.floor(sec / 10);
    buf[pos++] = 48 + (sec % 10);
    buf[pos++] = 43; // +08:00
    buf[pos++] = 48;
    buf[pos++] = 56;
    buf[pos++] = 58;
    buf[pos++] = 48;
    buf[pos++] = 48;
    this.#pos = pos;
    return this.#comma();
  }

  /** Ends the row (the last field's comma becomes the line break). */
  end(): void {
    this.#buf[this.#pos - 1] = NEWLINE;
    this.rows++;
  }

  /** Several finished rows given as text (each ending without a newline). */
  line(row: string): void {
    this.s(row);
    this.end();
  }

  get size(): number {
    return this.#pos;
  }

  /** The text written so far; the writer starts over. */
  take(): string {
    const out = this.#buf.toString('utf8', 0, this.#pos);
    this.#pos = 0;
    this.rows = 0;
    return out;
  }

  /** The bytes written so far, in a buffer of their own (transferable to another thread); the writer starts over. */
  bytes(): Uint8Array {
    const out = new Uint8Array(this.#pos);
    out.set(this.#buf.subarray(0, this.#pos));
    this.#pos = 0;
    this.rows = 0;
    return out;
  }

  #digits(value: number): void {
    const buf = this.#buf;
    if (value < 10) {
      buf[this.#pos++] = 48 + value;
      return;
    }
    const start = this.#pos;
    let v = value;
    while (v > 0) {
      const q = Math.floor(v / 10);
      buf[this.#pos++] = 48 + (v - q * 10);
      v = q;
    }
    // Reverse the digits in place.
    for (let a = start, b = this.#pos - 1; a < b; a++, b--) {
      const x = buf[a]!;
      buf[a] = buf[b]!;
      buf[b] = x;
    }
  }

  #comma(): this {
    this.#room(1);
    this.#buf[this.#pos++] = COMMA;
    return this;
  }
}
