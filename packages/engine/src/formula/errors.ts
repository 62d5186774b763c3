// Syntax errors that point at the offending spot the way an editor would: 1-based line and
// column (columns in Unicode code points), with the source line and a caret underneath.

export interface SourceLocation {
  readonly line: number;
  readonly column: number;
  /** The text of that line, without its line break. */
  readonly lineText: string;
  /** The line as shown in messages: cut to a window around the column when long. */
  readonly excerpt: string;
  /** Whitespace that puts a caret under the column of `excerpt` in a monospace terminal. */
  readonly caretPadding: string;
}

/** Lines longer than this (in code points) are shown as a window around the error. */
const EXCERPT_WIDTH = 80;

// East Asian wide and full-width characters take two cells in a terminal; padding them with
// two spaces keeps the caret under the right character in formulas with Chinese text.
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u;

/** Line and column of a UTF-16 `offset`; `\n`, `\r\n` and a lone `\r` all end a line. */
export function locate(source: string, offset: number): SourceLocation {
  const stop = Math.max(0, Math.min(offset, source.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < stop; i++) {
    const code = source.charCodeAt(i);
    if (code === 10 || code === 13) {
      if (code === 13 && source.charCodeAt(i + 1) === 10 && i + 1 < stop) i++;
      line++;
      lineStart = i + 1;
    }
  }
  let lineEnd = lineStart;
  while (lineEnd < source.length && source[lineEnd] !== '\n' && source[lineEnd] !== '\r') lineEnd++;
  const lineText = source.slice(lineStart, lineEnd);
  const chars = Array.from(lineText);
  const index = Array.from(source.slice(lineStart, stop)).length;
  // Show the whole line when it is short, else a window with "..." marking the cuts.
  let from = 0;
  let to = chars.length;
  if (chars.length > EXCERPT_WIDTH) {
    to = Math.min(chars.length, Math.max(index, EXCERPT_WIDTH / 2) + EXCERPT_WIDTH / 2);
    from = Math.max(0, to - EXCERPT_WIDTH);
  }
  const head = from > 0 ? '...' : '';
  const excerpt = head + chars.slice(from, to).join('') + (to < chars.length ? '...' : '');
  let caretPadding = ' '.repeat(head.length);
  for (const ch of chars.slice(from, index)) caretPadding += ch === '\t' ? '\t' : WIDE.test(ch) ? '  ' : ' ';
  return { line, column: index + 1, lineText, excerpt, caretPadding };
}

export class FormulaSyntaxError extends Error {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, counted in Unicode code points. */
  readonly column: number;
  /** UTF-16 offset of the error in `source`. */
  readonly offset: number;
  /** The whole formula. */
  readonly source: string;
  /** What is wrong, without the position, e.g. `unexpected ")"`. */
  readonly reason: string;

  constructor(source: string, offset: number, reason: string) {
    const at = locate(source, offset);
    super(`line ${at.line}, column ${at.column}: ${reason}\n${at.excerpt}\n${at.caretPadding}^`);
    this.name = 'FormulaSyntaxError';
    this.line = at.line;
    this.column = at.column;
    this.offset = offset;
    this.source = source;
    this.reason = reason;
  }
}

/** "line 1, column 4", for reasons that mention another position. */
export function positionText(source: string, offset: number): string {
  const at = locate(source, offset);
  return `line ${at.line}, column ${at.column}`;
}
