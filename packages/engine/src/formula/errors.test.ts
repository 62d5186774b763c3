import { describe, expect, it } from 'vitest';
import { FormulaSyntaxError } from './errors';
import { parseFormula } from './parser';

function syntaxError(source: string): FormulaSyntaxError {
  try {
    parseFormula(source);
  } catch (error) {
    if (error instanceof FormulaSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected a FormulaSyntaxError for ${JSON.stringify(source)}`);
}

describe('FormulaSyntaxError: reasons and positions', () => {
  it.each([
    ['a + b)', 1, 6, 'unexpected ")"'],
    [')', 1, 1, 'unexpected ")"'],
    ['a b', 1, 3, 'unexpected "b"'],
    ['a * * b', 1, 5, 'unexpected "*"'],
    ['a and', 1, 6, 'unexpected end of formula'],
    ['a +   # trailing comment', 1, 4, 'unexpected end of formula'],
    ['', 1, 1, 'formula is empty'],
    ['  # only a comment', 1, 1, 'formula is empty'],
    ['(a + b', 1, 7, 'expected ")" to close "(" opened at line 1, column 1'],
    ['2 * (a + b c', 1, 12, 'expected ")" to close "(" opened at line 1, column 5'],
    ['abs(x', 1, 6, 'expected ")" to close "(" opened at line 1, column 4'],
    ['min(a, b', 1, 9, 'expected ")" to close "(" opened at line 1, column 4'],
    ['min(a b)', 1, 7, 'expected ")" to close "(" opened at line 1, column 4'],
    ['min(a,)', 1, 7, 'unexpected ")"'],
    ['min(, a)', 1, 5, 'unexpected ","'],
    ['sqrt(x)', 1, 1, 'unknown function "sqrt" (known: if, min, max, abs, coalesce, round)'],
    ['1 + SQRT (x)', 1, 5, 'unknown function "SQRT" (known: if, min, max, abs, coalesce, round)'],
    ['constructor(x)', 1, 1, 'unknown function "constructor" (known: if, min, max, abs, coalesce, round)'],
    ['if(a, b)', 1, 1, 'if() takes 3 arguments, got 2'],
    ['x + if(a, b, c, d)', 1, 5, 'if() takes 3 arguments, got 4'],
    ['abs(a, b)', 1, 1, 'abs() takes 1 argument, got 2'],
    ['min()', 1, 1, 'min() takes at least 1 argument, got 0'],
    ['coalesce()', 1, 1, 'coalesce() takes at least 1 argument, got 0'],
    ['round(x, 1, 2)', 1, 1, 'round() takes 1 or 2 arguments, got 3'],
    ['round(x, 1.5)', 1, 10, 'round() digits must be a whole number from 0 to 12'],
    ['round(x, -1)', 1, 10, 'round() digits must be a whole number from 0 to 12'],
    ['round(x, 13)', 1, 10, 'round() digits must be a whole number from 0 to 12'],
    ['round(x, n)', 1, 10, 'round() digits must be a whole number from 0 to 12'],
    ['a + $', 1, 5, 'unexpected character "$"'],
    ['a | b', 1, 3, 'unexpected character "|" (use "||" or "or")'],
    ['a & b', 1, 3, 'unexpected character "&" (use "&&" or "and")'],
    ['a\u0007', 1, 2, 'unexpected character U+0007'],
    ['a ＋ b', 1, 3, 'unexpected character "＋" (U+FF0B, full-width; use "+")'],
    ['办结率 > 0', 1, 1, 'unexpected character "办" (U+529E); metric names use ASCII letters, digits, "_" and "."'],
    ['a < b < c', 1, 7, 'comparisons cannot be chained; add parentheses'],
    ['a == b != c', 1, 8, 'comparisons cannot be chained; add parentheses'],
    ['0 ≤ x ≤ 1', 1, 7, 'comparisons cannot be chained; add parentheses'],
    ['handling.', 1, 9, 'metric name "handling." cannot end with "."'],
    ['a..b', 1, 3, 'metric name "a..b" has an empty part between dots'],
    ['2x', 1, 1, 'malformed number "2x"'],
    ['1e', 1, 1, 'malformed number "1e"'],
    ['1.2.3', 1, 1, 'malformed number "1.2.3"'],
    ['12.', 1, 1, 'malformed number "12."'],
    ['1e999', 1, 1, 'number "1e999" is too large'],
    ['true(1)', 1, 5, 'unexpected "("'],
    ['a = = b', 1, 5, 'unexpected "="'],
  ])('%j → line %i, column %i: %s', (source, line, column, reason) => {
    const error = syntaxError(source);
    expect({ line: error.line, column: error.column, reason: error.reason }).toEqual({ line, column, reason });
    expect(error.source).toBe(source);
    expect(error.message.split('\n')[0]).toBe(`line ${line}, column ${column}: ${reason}`);
  });

  it('formats the message as position and reason, the source line, and a caret', () => {
    const error = syntaxError('a + b)');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('FormulaSyntaxError');
    expect(error.message).toBe('line 1, column 6: unexpected ")"\na + b)\n     ^');
  });

  it('points into the right line of a multi-line formula', () => {
    const source = 'handling.completed_on_time\n  / handling.completed\n  * 100 +) # oops';
    const error = syntaxError(source);
    expect([error.line, error.column, error.reason]).toEqual([3, 10, 'unexpected ")"']);
    expect(error.message).toBe('line 3, column 10: unexpected ")"\n  * 100 +) # oops\n         ^');
  });

  it('reports an unclosed parenthesis opened on an earlier line', () => {
    const source = 'min(\n  a,\n  b\n';
    const error = syntaxError(source);
    expect([error.line, error.column]).toEqual([3, 4]);
    expect(error.reason).toBe('expected ")" to close "(" opened at line 1, column 4');
  });

  it('counts CRLF and lone CR as one line break each', () => {
    expect([syntaxError('a +\r\nb +\r\n)').line, syntaxError('a +\r\nb +\r\n)').column]).toEqual([3, 1]);
    expect(syntaxError('a +\rb +\r)').line).toBe(3);
  });

  it('counts columns in code points and aligns the caret under wide characters', () => {
    // Full-width punctuation from a Chinese IME, with an error after it.
    const source = '（a + b）× 2，';
    const error = syntaxError(source);
    expect([error.line, error.column, error.reason]).toEqual([1, 11, 'unexpected "，"']);
    // "（" and "）" are two cells wide, so the caret needs two more spaces.
    expect(error.message).toBe('line 1, column 11: unexpected "，"\n（a + b）× 2，\n' + ' '.repeat(12) + '^');
    // An astral character counts as one column although it is two UTF-16 units.
    expect(syntaxError('a + 𝑥').column).toBe(5);
    expect(syntaxError('(𝑥').reason).toBe('unexpected character "𝑥" (U+1D465); metric names use ASCII letters, digits, "_" and "."');
    expect(syntaxError('min（a，b').reason).toBe('expected ")" to close "(" opened at line 1, column 4');
  });

  it('keeps tabs in the caret line so the caret lines up', () => {
    expect(syntaxError('\ta + )').message).toBe('line 1, column 6: unexpected ")"\n\ta + )\n\t    ^');
  });

  it('shows a window of a very long line', () => {
    const source = `${'a + '.repeat(50)}) + ${'b + '.repeat(50)}c`;
    const [, excerpt, caret] = syntaxError(source).message.split('\n');
    expect(excerpt!.length).toBeLessThan(100);
    expect(excerpt!.startsWith('...')).toBe(true);
    expect(excerpt!.endsWith('...')).toBe(true);
    expect(excerpt![caret!.length - 1]).toBe(')');
  });
});

describe('nesting limit', () => {
  const tooDeep = 'formula nested too deeply (limit 256)';

  it.each([
    ['2,000 nested parentheses', `${'('.repeat(2000)}x${')'.repeat(2000)}`, 257],
    ['2,000 unary minus signs', `${'-'.repeat(2000)}x`, 257],
    ['2,000 nots', `${'not '.repeat(2000)}x`, 4 * 256 + 1],
    ['2,000 nested calls', `${'abs('.repeat(2000)}x${')'.repeat(2000)}`, 4 * 256 + 4],
    ['a 2,000-term sum', Array.from({ length: 2000 }, () => 'x').join('+'), 2 * 256 + 2],
  ])('%s gives a syntax error, not a stack overflow', (_, source, column) => {
    const error = syntaxError(source);
    expect(error.reason).toBe(tooDeep);
    expect([error.line, error.column]).toEqual([1, column]);
  });

  it('accepts exactly the limit', () => {
    expect(() => parseFormula(`${'('.repeat(256)}x${')'.repeat(256)}`)).not.toThrow();
    expect(() => parseFormula(`${'-'.repeat(256)}x`)).not.toThrow();
    expect(() => parseFormula(Array.from({ length: 257 }, () => 'x').join('+'))).not.toThrow();
  });

  it('survives far deeper input (100,000 parentheses)', () => {
    expect(syntaxError('('.repeat(100_000)).reason).toBe(tooDeep);
  });
});
