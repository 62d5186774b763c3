// Turns formula text into tokens on demand (so the first error in reading order is the one
// reported). Alias spellings are normalised here: `=`, `<>`, `≠`, `−`, `×`, `÷`, `&&`, `||`,
// `!`, full-width `（），`, and case-insensitive keywords.
import type { BinaryOp } from './ast';
import { FormulaSyntaxError } from './errors';

export type OperatorSymbol = BinaryOp | 'not';

interface TokenBase {
  readonly start: number;
  readonly end: number;
  /** The token as written. */
  readonly text: string;
}

export type Token =
  | (TokenBase & { readonly kind: 'number'; readonly value: number })
  | (TokenBase & { readonly kind: 'name'; readonly name: string })
  | (TokenBase & { readonly kind: 'operator'; readonly op: OperatorSymbol })
  | (TokenBase & { readonly kind: '(' | ')' | ',' | 'end' });

type SymbolKind = OperatorSymbol | '(' | ')' | ',';

// Longest spellings first, so `<=` wins over `<` and `!=` over `!`.
const SYMBOLS: ReadonlyArray<readonly [string, SymbolKind]> = [
  ['<=', '<='],
  ['>=', '>='],
  ['==', '=='],
  ['!=', '!='],
  ['<>', '!='],
  ['&&', 'and'],
  ['||', 'or'],
  ['<', '<'],
  ['>', '>'],
  ['=', '=='],
  ['!', 'not'],
  ['≤', '<='],
  ['≥', '>='],
  ['≠', '!='],
  ['+', '+'],
  ['-', '-'],
  ['−', '-'], // U+2212 MINUS SIGN
  ['*', '*'],
  ['×', '*'],
  ['/', '/'],
  ['÷', '/'],
  ['(', '('],
  ['（', '('],
  [')', ')'],
  ['）', ')'],
  [',', ','],
  ['，', ','],
];

/** Keywords are case-insensitive, like function names (`AND`, `True`). */
const KEYWORDS = new Map<string, { readonly op: OperatorSymbol } | { readonly value: number }>([
  ['and', { op: 'and' }],
  ['or', { op: 'or' }],
  ['not', { op: 'not' }],
  ['true', { value: 1 }],
  ['false', { value: 0 }],
]);

// Space, tab, line breaks, no-break space, ideographic (full-width) space, BOM.
const WHITESPACE = /[ \t\n\r\v\f\u00a0\u3000\ufeff]/;
const NUMBER = /(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_.]*/y;
const WORD_TAIL = /[A-Za-z0-9_.]*/y;

function matchAt(pattern: RegExp, source: string, at: number): string {
  pattern.lastIndex = at;
  return pattern.exec(source)?.[0] ?? '';
}

const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9';
const isWordChar = (ch: string | undefined): boolean => ch !== undefined && /[A-Za-z0-9_.]/.test(ch);

export class Lexer {
  private readonly source: string;
  private pos = 0;

  constructor(source: string) {
    this.source = source;
  }

  next(): Token {
    this.skipTrivia();
    const { source } = this;
    const start = this.pos;
    if (start >= source.length) return { kind: 'end', start, end: start, text: '' };
    const ch = source[start];
    if (isDigit(ch) || (ch === '.' && isDigit(source[start + 1]))) return this.number(start);
    if (ch !== undefined && /[A-Za-z_]/.test(ch)) return this.word(start);
    for (const [text, symbol] of SYMBOLS) {
      if (!source.startsWith(text, start)) continue;
      this.pos = start + text.length;
      const base = { start, end: this.pos, text };
      return symbol === '(' || symbol === ')' || symbol === ',' ? { kind: symbol, ...base } : { kind: 'operator', op: symbol, ...base };
    }
    throw new FormulaSyntaxError(source, start, unexpectedCharacter(source.codePointAt(start) ?? 0));
  }

  /** Whitespace and `#` comments (to the end of the line). */
  private skipTrivia(): void {
    const { source } = this;
    while (this.pos < source.length) {
      const ch = source[this.pos]!;
      if (WHITESPACE.test(ch)) {
        this.pos++;
      } else if (ch === '#') {
        while (this.pos < source.length && source[this.pos] !== '\n' && source[this.pos] !== '\r') this.pos++;
      } else {
        return;
      }
    }
  }

  private number(start: number): Token {
    const { source } = this;
    let text = matchAt(NUMBER, source, start);
    // `2x`, `1e`, `1.2.3`, `12.`: one malformed word rather than two confusing tokens.
    if (isWordChar(source[start + text.length])) {
      text += matchAt(WORD_TAIL, source, start + text.length);
      throw new FormulaSyntaxError(source, start, `malformed number "${text}"`);
    }
    const value = Number(text);
    if (!Number.isFinite(value)) throw new FormulaSyntaxError(source, start, `number "${text}" is too large`);
    this.pos = start + text.length;
    return { kind: 'number', value, start, end: this.pos, text };
  }

  private word(start: number): Token {
    const { source } = this;
    const text = matchAt(NAME, source, start);
    const end = start + text.length;
    this.pos = end;
    const keyword = KEYWORDS.get(text.toLowerCase());
    if (keyword !== undefined) {
      return 'op' in keyword ? { kind: 'operator', op: keyword.op, start, end, text } : { kind: 'number', value: keyword.value, start, end, text };
    }
    if (text.endsWith('.')) throw new FormulaSyntaxError(source, end - 1, `metric name "${text}" cannot end with "."`);
    const emptyPart = text.indexOf('..');
    if (emptyPart >= 0) throw new FormulaSyntaxError(source, start + emptyPart + 1, `metric name "${text}" has an empty part between dots`);
    return { kind: 'name', name: text, start, end, text };
  }
}

function unexpectedCharacter(codePoint: number): string {
  const ch = String.fromCodePoint(codePoint);
  const hex = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  if (ch === '|') return 'unexpected character "|" (use "||" or "or")';
  if (ch === '&') return 'unexpected character "&" (use "&&" or "and")';
  if (codePoint > 0x20 && codePoint < 0x7f) return `unexpected character "${ch}"`;
  // Control characters would garble the message; name them by code point only.
  if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0)) return `unexpected character ${hex}`;
  // Full-width ASCII (typed with a Chinese IME): suggest the half-width character.
  if (codePoint >= 0xff01 && codePoint <= 0xff5e) {
    return `unexpected character "${ch}" (${hex}, full-width; use "${String.fromCharCode(codePoint - 0xfee0)}")`;
  }
  if (/\p{L}/u.test(ch)) return `unexpected character "${ch}" (${hex}); metric names use ASCII letters, digits, "_" and "."`;
  return `unexpected character "${ch}" (${hex})`;
}
