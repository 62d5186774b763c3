// SQL building blocks shared by the two compilers of metric definitions: the reference form
// (compile.ts, one query per group of definitions) and the evaluation plan (plan.ts, one scan per
// fact table). Both render windows, filters and quantities with these functions, so a definition
// means the same rows in either.
//
// Injection safety: every identifier comes from the definition and is checked against the
// caller's allow-list of table columns (or is an alias the compiler makes); every value — literals,
// period bounds, offsets, constants, JSON paths — is a bound parameter. Operators, units and window
// kinds are closed enums mapped to fixed SQL text here.
import { sql, type RawBuilder } from 'kysely';
import type { Aggregate, Condition, Elapsed, MetricDefinition, MetricWindow, UnionExpression, UnionPart } from './definition';

export interface TableColumns {
  /** Known columns per table: anything else in a definition is an error, never SQL. */
  [table: string]: ReadonlySet<string>;
}

export class MetricDefinitionError extends Error {
  constructor(readonly metric: string, reason: string) {
    super(`metric ${metric}: ${reason}`);
    this.name = 'MetricDefinitionError';
  }
}

/** The evaluated period: instants for timestamps, local (Beijing) days for dates, and its label. */
export interface PeriodBounds {
  start: Date;
  end: Date;
  /** First day of the period, YYYY-MM-DD (Beijing time). */
  startDay: string;
  /** The day after its last day. */
  endDay: string;
  /** `2025-07`, `2025-Q3` or `2025`; null when [start, end) is not a month, quarter or year. */
  label: string | null;
}

const BEIJING_MS = 8 * 3600 * 1000;
const localDay = (instant: Date) => new Date(instant.getTime() + BEIJING_MS).toISOString().slice(0, 10);

export function periodBoundsOf(start: Date, end: Date): PeriodBounds {
  const startDay = localDay(start);
  const endDay = localDay(end);
  let label: string | null = null;
  const sy = Number(startDay.slice(0, 4));
  const sm = Number(startDay.slice(5, 7));
  const months = Number(endDay.slice(0, 4)) * 12 + Number(endDay.slice(5, 7)) - (sy * 12 + sm);
  const midnight = (instant: Date) => (instant.getTime() + BEIJING_MS) % 86_400_000 === 0;
  if (midnight(start) && midnight(end) && startDay.endsWith('-01') && endDay.endsWith('-01')) {
    if (months === 1) label = startDay.slice(0, 7);
    else if (months === 3 && sm % 3 === 1) label = `${sy}-Q${(sm + 2) / 3}`;
    else if (months === 12 && sm === 1) label = String(sy);
  }
  return { start, end, startDay, endDay, label };
}

export function ident(name: string): RawBuilder<unknown> {
  // Names reach here only after checkColumn/checkTable (or are the compiler's own aliases).
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain identifier: ${name}`);
  return sql.raw(`"${name}"`);
}

export const ref = (alias: string, name: string) => sql`${sql.raw(alias)}.${ident(name)}`;

/** How a column name of a definition becomes SQL: `alias.column`, or a union part's expression for a virtual column. */
export type Columns = (name: string) => RawBuilder<unknown>;
export const aliasColumns = (alias: string): Columns => (name) => ref(alias, name);

/** Compilation of one definition: its name for errors, the allow-list and the period. */
export interface Scope {
  metric: string;
  columns: TableColumns;
  period: PeriodBounds;
  /**
   * Render rule-name tests on JSON arrays (has_any / has_none) as a JSON path instead of a
   * subquery over the array's elements, where that is provably the same test (plan.ts: a
   * subquery would keep the scan from running in parallel). The reference form keeps the subquery.
   */
  jsonPath?: boolean;
}

export function tableColumns(scope: Scope, table: string): ReadonlySet<string> {
  const known = Object.hasOwn(scope.columns, table) ? scope.columns[table] : undefined;
  if (!known) throw new MetricDefinitionError(scope.metric, `unknown table "${table}"`);
  return known;
}

export function checkColumn(scope: Scope, table: string, known: ReadonlySet<string>, name: string): void {
  if (!known.has(name)) throw new MetricDefinitionError(scope.metric, `table ${table} has no column "${name}"`);
}

/** The columns of the definition's source: a table's allow-list, or the aliases of its union parts (checked against theirs). */
export function sourceColumns(scope: Scope, def: MetricDefinition): ReadonlySet<string> {
  if (!def.union) return tableColumns(scope, def.table);
  if (Object.hasOwn(scope.columns, def.table)) throw new MetricDefinitionError(def.name, `union name "${def.table}" is also a table`);
  const aliases = Object.keys(def.union[0]!.columns);
  for (const part of def.union) {
    const known = tableColumns(scope, part.table);
    const names = Object.keys(part.columns);
    if (names.length !== aliases.length || !aliases.every((a) => names.includes(a))) {
      throw new MetricDefinitionError(def.name, `every union part maps the same columns (${part.table} differs)`);
    }
    for (const expr of Object.values(part.columns)) for (const c of expressionColumns(expr)) checkColumn(scope, part.table, known, c);
    if (part.where) checkColumn(scope, part.table, known, part.where.column);
  }
  return new Set(aliases);
}

function expressionColumns(expr: UnionExpression): string[] {
  if (typeof expr === 'string') return [expr];
  if ('coalesce' in expr) return expr.coalesce;
  if ('filled' in expr) return expr.filled;
  if ('json' in expr) return [expr.json];
  return [];
}

/**
 * A union part's expression for one of its columns, over the part's table as `alias`. `compact`
 * counts filled columns with num_nonnulls (one call instead of a CASE per column; the same integer).
 */
export function unionExpression(expr: UnionExpression, alias: string, compact = false): RawBuilder<unknown> {
  if (typeof expr === 'string') return ref(alias, expr);
  if ('coalesce' in expr) return sql`coalesce(${sql.join(expr.coalesce.map((c) => ref(alias, c)))})`;
  if ('filled' in expr && compact) return sql`num_nonnulls(${sql.join(expr.filled.map((c) => ref(alias, c)))})`;
  if ('filled' in expr) return sql`(${sql.join(expr.filled.map((c) => sql`(case when ${ref(alias, c)} is not null then 1 else 0 end)`), sql` + `)})`;
  if ('jsonArray' in expr) return sql`cast(${JSON.stringify(expr.jsonArray)} as jsonb)`;
  // A field is filled when present, not JSON null and not blank ("" is how a CSV cell is absent).
  if ('filledFields' in expr) return sql`num_nonnulls(${sql.join(expr.filledFields.map((k) => sql`nullif(btrim(${ref(alias, expr.json)} ->> ${k}), '')`))})`;
  if ('json' in expr) return sql`(${ref(alias, expr.json)} ->> ${expr.field})`;
  const type = typeof expr.value === 'string' ? 'text' : typeof expr.value === 'number' ? 'numeric' : 'boolean';
  return sql`cast(${expr.value} as ${sql.raw(type)})`;
}

/** The virtual columns of a union part, read straight from the part's table as `alias` (no subquery). */
export function unionPartColumns(part: UnionPart, alias: string, compact = false): Columns {
  return (name) => {
    const expr = Object.hasOwn(part.columns, name) ? part.columns[name] : undefined;
    if (expr === undefined) throw new Error(`union part ${part.table} has no column ${name}`);
    return unionExpression(expr, alias, compact);
  };
}

/** The condition on a union part's rows (its `where`), over its table as `alias`; null for all rows. */
export function unionPartRows(part: UnionPart, alias: string): RawBuilder<unknown> | null {
  return part.where ? sql`${ref(alias, part.where.column)} = ${part.where.equals}` : null;
}

/** `from … f`: the table, or the union of its parts with their columns mapped to the aliases. */
export function source(def: MetricDefinition, alias: string): RawBuilder<unknown> {
  if (!def.union) return sql`${ident(def.table)} ${sql.raw(alias)}`;
  const aliases = Object.keys(def.union[0]!.columns);
  const parts = def.union.map((part: UnionPart) => {
    const rows = unionPartRows(part, 'u');
    return sql`select ${sql.join(aliases.map((a) => sql`${unionExpression(part.columns[a]!, 'u')} as ${ident(a)}`))} from ${ident(part.table)} u${rows ? sql` where ${rows}` : sql``}`;
  });
  return sql`(${sql.join(parts, sql` union all `)}) ${sql.raw(alias)}`;
}

const COMPARISON: Record<string, string> = { '=': '=', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

function offsetMinutes(plus: { hours?: number | undefined; minutes?: number | undefined }): number {
  return (plus.hours ?? 0) * 60 + (plus.minutes ?? 0);
}

/** Rule names a JSON path can test exactly like `split_part(element, ':', 1) in (…)`: plain names that no JSON scalar prints as. */
const PATH_SAFE_RULE = /^[a-z_][a-z0-9_]*$/;
const pathSafe = (values: string[]) => values.every((v) => PATH_SAFE_RULE.test(v) && v !== 'true' && v !== 'false');

/**
 * Some element of the JSON array `col` is one of the rule names, alone or with a detail after a
 * colon. The reference form expands the array in a subquery. The JSON path form is the same test
 * for plain rule names: a string element matches exactly when it equals a name or starts with
 * "name:"; numbers, objects, arrays and null never print as a plain name (true/false could, so
 * those names keep the subquery); `strict` makes a non-array an error in both forms (the empty
 * array short cut aside), and a NULL array matches nothing in both.
 */
function hasRule(scope: Scope, col: RawBuilder<unknown>, values: string[]): RawBuilder<unknown> {
  if (scope.jsonPath && pathSafe(values)) {
    const tests = values.flatMap((v) => [`@ == "${v}"`, `@ starts with "${v}:"`]).join(' || ');
    // Most rows have no rule at all: the empty array is recognised without running the path.
    return sql`coalesce(${col} <> '[]'::jsonb and jsonb_path_exists(${col}, cast(${`strict $[*] ? (${tests})`} as jsonpath)), false)`;
  }
  return sql`exists (select 1 from jsonb_array_elements_text(${col}) as q(rule) where split_part(q.rule, ':', 1) in (${sql.join(values)}))`;
}

/**
 * `column is null or column >= bound` (open at a period bound: not yet completed, or completed on or
 * after it), when `c` says exactly that: the column of the test, else null.
 */
function openAtBound(c: { any: Condition[] }): { column: string; bound: 'period_start' | 'period_end' } | null {
  if (c.any.length !== 2) return null;
  const isNull = c.any.find((x) => 'op' in x && x.op === 'is_null');
  const after = c.any.find((x) => 'bound' in x && x.op === '>=');
  if (!isNull || !after || !('column' in isNull) || !('bound' in after) || isNull.column !== after.column) return null;
  return { column: after.column, bound: after.bound };
}

/** A condition over the definition's columns (`table`'s allow-list `known`), read through `cols`. */
export function condition(scope: Scope, table: string, known: ReadonlySet<string>, cols: Columns, c: Condition, depth = 1): RawBuilder<unknown> {
  if ('any' in c) {
    // One range test instead of two: the same rows, and the form an index on the expression serves
    // (migration 0021: the cases open at a period's end are read without a scan of every case).
    const open = openAtBound(c);
    if (open) {
      checkColumn(scope, table, known, open.column);
      return sql`coalesce(${cols(open.column)}, 'infinity'::timestamptz) >= cast(${open.bound === 'period_start' ? scope.period.start : scope.period.end} as timestamptz)`;
    }
    return sql`(${sql.join(c.any.map((x) => condition(scope, table, known, cols, x, depth)), sql` or `)})`;
  }
  if ('all' in c) return sql`(${sql.join(c.all.map((x) => condition(scope, table, known, cols, x, depth)), sql` and `)})`;
  if ('exists' in c) {
    const inner = tableColumns(scope, c.exists.table);
    const s = `s${depth}`;
    const parts = c.exists.on.map((pair) => {
      checkColumn(scope, c.exists.table, inner, pair.column);
      checkColumn(scope, table, known, pair.outerColumn);
      return sql`${ref(s, pair.column)} = ${cols(pair.outerColumn)}`;
    });
    for (const w of c.exists.where ?? []) parts.push(condition(scope, c.exists.table, inner, aliasColumns(s), w, depth + 1));
    return sql`exists (select 1 from ${ident(c.exists.table)} ${sql.raw(s)} where ${sql.join(parts, sql` and `)})`;
  }
  checkColumn(scope, table, known, c.column);
  const col = cols(c.column);
  switch (c.op) {
    case 'is_null':
      return sql`${col} is null`;
    case 'not_null':
      return sql`${col} is not null`;
    case 'in':
      return sql`${col} in (${sql.join(c.values)})`;
    case 'not_in':
      return sql`${col} not in (${sql.join(c.values)})`;
    case 'has_any':
      return hasRule(scope, col, c.values);
    case 'has_none':
      return sql`not ${hasRule(scope, col, c.values)}`;
    default: {
      const op = sql.raw(COMPARISON[c.op]!);
      if ('otherColumn' in c) {
        checkColumn(scope, table, known, c.otherColumn);
        const other = cols(c.otherColumn);
        if (!c.plus) return sql`${col} ${op} ${other}`;
        return sql`${col} ${op} ${other} + make_interval(mins => cast(${offsetMinutes(c.plus)} as integer))`;
      }
      if ('bound' in c) return sql`${col} ${op} cast(${c.bound === 'period_start' ? scope.period.start : scope.period.end} as timestamptz)`;
      return sql`${col} ${op} ${c.value}`;
    }
  }
}

/** Whether a condition reads another row (EXISTS): such filters cannot be evaluated inside a shared scan without a per-row subquery. */
export function readsOtherRows(c: Condition): boolean {
  if ('any' in c) return c.any.some(readsOtherRows);
  if ('all' in c) return c.all.some(readsOtherRows);
  return 'exists' in c;
}

/** The definition's filter as conjuncts, each with a key that is equal for equal conditions: its `where` and the accepted-records rule. */
export function filterParts(scope: Scope, def: MetricDefinition, known: ReadonlySet<string>, cols: Columns): { key: string; sql: RawBuilder<unknown> }[] {
  const parts = def.where.map((c) => ({ key: JSON.stringify(c), sql: condition(scope, def.table, known, cols, c) }));
  if (def.acceptedOnly) {
    checkColumn(scope, def.table, known, 'quality_status');
    parts.push({ key: 'accepted', sql: sql`${cols('quality_status')} = 'accepted'` });
  }
  return parts;
}

export function filterOf(scope: Scope, def: MetricDefinition, known: ReadonlySet<string>, cols: Columns = aliasColumns('f')): RawBuilder<unknown> {
  const parts = filterParts(scope, def, known, cols).map((p) => p.sql);
  return parts.length ? sql.join(parts, sql` and `) : sql`true`;
}

export function windowColumns(window: MetricWindow): string[] {
  switch (window.kind) {
    case 'within_period':
      return [window.startColumn, window.endColumn];
    case 'spans_period':
      return [window.fromColumn, window.toColumn];
    default:
      return [window.column];
  }
}

const day = (text: string) => sql`cast(${text} as date)`;

/** The rows the window admits, read through `cols`. `table` is needed for snapshots (the latest per unit). */
export function windowFilter(scope: Scope, window: MetricWindow, cols: Columns, unitColumn: string, table: string | null): RawBuilder<unknown> {
  const { period } = scope;
  const col = cols;
  switch (window.kind) {
    case 'period':
      return sql`${col(window.column)} >= ${period.start} and ${col(window.column)} < ${period.end}`;
    case 'period_days':
      return sql`${col(window.column)} >= ${day(period.startDay)} and ${col(window.column)} < ${day(period.endDay)}`;
    case 'until_end':
      return sql`${col(window.column)} < ${period.end}`;
    case 'snapshot': {
      if (table === null) throw new MetricDefinitionError(scope.metric, 'a snapshot window needs a table, not a union');
      const unit = ident(unitColumn);
      const date = ident(window.column);
      // The latest snapshot per unit taken on or before the period's last (local) day.
      return sql`(${col(unitColumn)}, ${col(window.column)}) in (select s.${unit}, max(s.${date}) from ${ident(table)} s where s.${date} < ${day(period.endDay)} group by s.${unit})`;
    }
    case 'period_label':
      if (period.label === null) throw new MetricDefinitionError(scope.metric, 'a period_label window needs a month, quarter or year');
      return sql`${col(window.column)} = ${period.label}`;
    case 'within_period':
      return sql`${col(window.startColumn)} >= ${day(period.startDay)} and ${col(window.endColumn)} <= ${day(period.endDay)}`;
    case 'spans_period':
      return sql`(${col(window.fromColumn)} is null or ${col(window.fromColumn)} < ${day(period.endDay)}) and (${col(window.toColumn)} is null or ${col(window.toColumn)} >= ${day(period.startDay)})`;
  }
}

const SECONDS: Record<Elapsed['unit'], string> = { minutes: '60', hours: '3600', days: '86400' };

/** What a sum or maximum aggregates, per row, read through `cols`. */
export function quantity(scope: Scope, def: MetricDefinition, known: ReadonlySet<string>, aggregate: Aggregate, cols: Columns = aliasColumns('f')): RawBuilder<unknown> {
  if ('elapsed' in aggregate) {
    const e = aggregate.elapsed;
    checkColumn(scope, def.table, known, e.from);
    checkColumn(scope, def.table, known, e.to);
    const to = e.toIfNull === 'period_end' ? sql`coalesce(${cols(e.to)}, cast(${scope.period.end} as timestamptz))` : cols(e.to);
    const value = sql`extract(epoch from (${to} - ${cols(e.from)})) / ${sql.raw(SECONDS[e.unit])}`;
    return e.atLeastZero ? sql`greatest(${value}, 0)` : value;
  }
  if (!('column' in aggregate)) throw new MetricDefinitionError(def.name, 'this aggregate has no quantity');
  checkColumn(scope, def.table, known, aggregate.column);
  let value: RawBuilder<unknown> = cols(aggregate.column);
  if ('plus' in aggregate && aggregate.plus !== undefined) value = sql`(${value} + cast(${aggregate.plus} as numeric))`;
  if ('times' in aggregate && aggregate.times !== undefined) value = sql`${value} * cast(${aggregate.times} as numeric)`;
  return value;
}

export const ADDITIVE = new Set(['count', 'sum', 'max']);

/** Checks one definition against the allow-list (every name it uses) and the rules both compilers share; returns its source's columns. */
export function checkDefinition(scope: Scope, def: MetricDefinition): ReadonlySet<string> {
  const known = sourceColumns(scope, def);
  checkColumn(scope, def.table, known, def.unitColumn);
  for (const c of windowColumns(def.window)) checkColumn(scope, def.table, known, c);
  if (!ADDITIVE.has(def.aggregate.kind) && def.noMatch === 'no_data') throw new MetricDefinitionError(def.name, 'noMatch "no_data" applies to counts, sums and maxima');
  return known;
}

/** Groups definitions that share one scan in the reference form: (source, unit column, window, coverage); distinct metrics each alone. */
export function groupKey(def: MetricDefinition): string {
  return ADDITIVE.has(def.aggregate.kind) ? JSON.stringify([def.table, def.union ?? null, def.unitColumn, def.window, def.coveredBy]) : `distinct|${def.name}`;
}
