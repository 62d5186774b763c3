// Recursive-descent parser. Precedence, lowest first: or, and, comparison (non-associative),
// + -, * /, unary - + not, primary. Binary operators are left-associative.
import { childrenOf, type BinaryOp, type FormulaAst, type UnaryOp } from './ast';
import { FormulaSyntaxError, positionText } from './errors';
import { arityMessage, knownFunctionsText, lookupFunction, ROUND_MAX_DIGITS } from './functions';
import { Lexer, type Token } from './lexer';

/**
 * How deeply a formula may nest: both the parser's recursion (parentheses, unary operators,
 * calls) and the height of the resulting tree (which long `a + b + c + …` chains also grow).
 * Bounding both keeps every recursive walk of a parsed AST (evaluate, format, explain, SQL)
 * far from the stack limit, and turns hostile input into a FormulaSyntaxError.
 */
export const MAX_FORMULA_DEPTH = 256;

const TOO_DEEP = `formula nested too deeply (limit ${MAX_FORMULA_DEPTH})`;

/** Binary precedence levels, lowest first. */
const LEVELS: readonly (readonly BinaryOp[])[] = [['or'], ['and'], ['<', '<=', '>', '>=', '==', '!='], ['+', '-'], ['*', '/']];
const COMPARISON_LEVEL = 2;

/** Parses a formula; throws FormulaSyntaxError (and nothing else) on bad input. */
export function parseFormula(source: string): FormulaAst {
  return new Parser(source).parseAll();
}

class Parser {
  private readonly source: string;
  private readonly lexer: Lexer;
  private current: Token;
  private lookahead: Token | undefined;
  /** End of the last consumed token: where "unexpected end of formula" points. */
  private lastEnd = 0;
  private nesting = 0;
  /** Height of each node built so far (leaves are 0). */
  private readonly heights = new WeakMap<FormulaAst, number>();

  constructor(source: string) {
    this.source = source;
    this.lexer = new Lexer(source);
    this.current = this.lexer.next();
  }

  parseAll(): FormulaAst {
    const first = this.current;
    if (first.kind === 'end') throw this.error(0, 'formula is empty');
    const ast = this.parseLevel(0);
    if (this.current.kind !== 'end') throw this.unexpected(this.current);
    return ast;
  }

  private parseLevel(level: number): FormulaAst {
    const ops = LEVELS[level];
    if (ops === undefined) return this.parseUnary();
    let left = this.parseLevel(level + 1);
    for (let op = this.operatorIn(ops); op !== undefined; op = this.operatorIn(ops)) {
      const opToken = this.current;
      this.advance();
      const right = this.parseLevel(level + 1);
      left = this.build({ kind: 'binary', op, left, right, start: left.start, end: right.end }, opToken);
      if (level === COMPARISON_LEVEL && this.operatorIn(ops) !== undefined) {
        throw this.error(this.current.start, 'comparisons cannot be chained; add parentheses');
      }
    }
    return left;
  }

  private parseUnary(): FormulaAst {
    const token = this.current;
    if (token.kind === 'operator' && (token.op === '-' || token.op === '+' || token.op === 'not')) {
      const op: UnaryOp = token.op;
      this.enter(token);
      this.advance();
      const operand = this.parseUnary();
      this.nesting--;
      return this.build({ kind: 'unary', op, operand, start: token.start, end: operand.end }, token);
    }
    return this.parsePrimary();
  }

  private parsePrimary(): FormulaAst {
    const token = this.current;
    switch (token.kind) {
      case 'number':
        this.advance();
        return this.build({ kind: 'number', value: token.value, start: token.start, end: token.end }, token);
      case 'name':
        // A function name is reserved only when a "(" follows; otherwise it is a metric.
        if (this.peek().kind === '(') return this.parseCall(token);
        this.advance();
        return this.build({ kind: 'metric', name: token.name, start: token.start, end: token.end }, token);
      case '(': {
        this.enter(token);
        this.advance();
        const inner = this.parseLevel(0);
        const close = this.expectClose(token);
        this.nesting--;
        // Widen the span over the parentheses so it covers what the author wrote.
        const node: FormulaAst = { ...inner, start: token.start, end: close.end };
        this.heights.set(node, this.heights.get(inner) ?? 0);
        return node;
      }
      default:
        throw this.unexpected(token);
    }
  }

  private parseCall(name: Token & { kind: 'name' }): FormulaAst {
    const spec = lookupFunction(name.name);
    if (spec === undefined) throw this.error(name.start, `unknown function "${name.name}" (known: ${knownFunctionsText()})`);
    this.advance();
    const open = this.current;
    this.enter(open);
    this.advance();
    const args: FormulaAst[] = [];
    if (this.current.kind !== ')') {
      args.push(this.parseLevel(0));
      while (this.current.kind === ',') {
        this.advance();
        args.push(this.parseLevel(0));
      }
    }
    const close = this.expectClose(open);
    this.nesting--;
    if (args.length < spec.minArgs || args.length > spec.maxArgs) throw this.error(name.start, arityMessage(spec, args.length));
    const digits = spec.name === 'round' ? args[1] : undefined;
    // A literal keeps round() meaningful in SQL too, and rules out a fractional digit count.
    if (digits !== undefined && !(digits.kind === 'number' && Number.isInteger(digits.value) && digits.value <= ROUND_MAX_DIGITS)) {
      throw this.error(digits.start, `round() digits must be a whole number from 0 to ${ROUND_MAX_DIGITS}`);
    }
    return this.build({ kind: 'call', fn: spec.name, args, start: name.start, end: close.end }, name);
  }

  private expectClose(open: Token): Token {
    const token = this.current;
    if (token.kind !== ')') {
      throw this.error(this.offsetOf(token), `expected ")" to close "(" opened at ${positionText(this.source, open.start)}`);
    }
    this.advance();
    return token;
  }

  private operatorIn(ops: readonly BinaryOp[]): BinaryOp | undefined {
    const token = this.current;
    if (token.kind !== 'operator' || token.op === 'not') return undefined;
    return ops.includes(token.op) ? token.op : undefined;
  }

  private advance(): void {
    this.lastEnd = this.current.end;
    this.current = this.lookahead ?? this.lexer.next();
    this.lookahead = undefined;
  }

  private peek(): Token {
    this.lookahead ??= this.lexer.next();
    return this.lookahead;
  }

  private enter(token: Token): void {
    if (++this.nesting > MAX_FORMULA_DEPTH) throw this.error(token.start, TOO_DEEP);
  }

  /** Records the node's height, refusing trees taller than the limit. */
  private build(node: FormulaAst, at: Token): FormulaAst {
    let height = 0;
    for (const child of childrenOf(node)) height = Math.max(height, (this.heights.get(child) ?? 0) + 1);
    if (height > MAX_FORMULA_DEPTH) throw this.error(at.start, TOO_DEEP);
    this.heights.set(node, height);
    return node;
  }

  private offsetOf(token: Token): number {
    return token.kind === 'end' ? this.lastEnd : token.start;
  }

  private unexpected(token: Token): FormulaSyntaxError {
    if (token.kind === 'end') return this.error(this.lastEnd, 'unexpected end of formula');
    return this.error(token.start, `unexpected "${token.text}"`);
  }

  private error(offset: number, reason: string): FormulaSyntaxError {
    return new FormulaSyntaxError(this.source, offset, reason);
  }
}
