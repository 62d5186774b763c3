// The evaluation plan: the metric definitions of one evaluation compiled to as few reads of the
// fact tables as possible. Same values as the reference form of compile.ts (one query per group of
// definitions), checked by plan.test.ts; what differs is only how the rows are read:
//
// - One scan per fact table for all additive metrics (counts, sums, maxima), whatever their
//   window: each metric is a partial aggregate `FILTER (WHERE window and filter)`, the scan reads
//   the rows of any window (OR), and groups by every unit column the metrics attribute rows to. The
//   reference form reads handling records five times for one quarter, and the quality checks read
//   every fact table a second time through a UNION ALL; here a union metric's parts are partial
//   aggregates of their tables' scans, added up per unit afterwards.
// - Conditions that several partials of a scan test (the window, "accepted", "not withdrawn", …)
//   are evaluated once per row: a LATERAL subquery on the nullable side of a LEFT JOIN makes
//   PostgreSQL compute its outputs once at the scan, and the FILTERs test those booleans. The
//   others stay inline, evaluated only for rows that passed the tests before them; equal partials
//   are computed once.
// - Partials whose per-row work can be avoided exactly: a SUM of a constant is the constant times
//   a COUNT; a SUM of (column + a) * b is (SUM(column) + a * COUNT(column)) * b — numeric
//   addition and multiplication do not round, so the decimal is the same.
// - Coverage (zero versus no data) is a per-unit flag: `bool_or(window)` in the scan of the
//   coverage table when that scan reads the window anyway, else an EXISTS probe per org unit (an
//   index lookup each), instead of a UNION of every unit code of every row of every coverage source.
// - A metric whose filter reads other rows (EXISTS) is aggregated in a part of its own with the
//   filter in WHERE, where PostgreSQL makes the EXISTS a semi-join, rather than a subquery per row
//   of the shared scan (which would also keep that scan from running in parallel).
// - Rule tests on JSON arrays use a JSON path rather than a subquery per row (sql.ts).
// - The per-unit values of all additive metrics are rolled up to every ancestor in one pass over
//   the org-unit closure.
// - Distinct counts of one source, window and column (e.g. monthly active users and elder
//   monthly active users) share one query, counted as distinct (ancestor, month, value) triples
//   with a flag per metric, instead of one COUNT(DISTINCT) query each.
//
// The result is a few statements that do not depend on each other (compute.ts runs them
// concurrently on PostgreSQL). Zero versus no data, no_data metrics and the roll-up follow the
// reference form exactly: a unit's value for a metric exists when the unit has a row of the
// metric's group (source, unit column, window) — for a cumulative window, a row some metric of
// the group counts — and an ancestor's value exists when some descendant is covered.
import { sql, type RawBuilder } from 'kysely';
import type { CompiledMetricQuery } from './compile';
import { expandParts, type Condition, type Coverage, type MetricDefinition, type MetricWindow, type UnionExpression, type UnionPart } from './definition';
import {
  ADDITIVE,
  aliasColumns,
  checkColumn,
  checkDefinition,
  filterOf,
  filterParts,
  groupKey,
  ident,
  MetricDefinitionError,
  periodBoundsOf,
  quantity,
  readsOtherRows,
  source,
  tableColumns,
  unionExpression,
  unionPartColumns,
  unionPartRows,
  windowColumns,
  windowFilter,
  type Columns,
  type PeriodBounds,
  type Scope,
  type TableColumns,
} from './sql';
import { AncestorMonthSummary, DaySummary, periodIsDays, SUMMARISED_TABLES } from './summary';

type Sql = RawBuilder<unknown>;
const and = (parts: Sql[]) => (parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` and `)})`);
const or = (parts: Sql[]) => (parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` or `)})`);

/**
 * Compiles the definitions of one evaluation for one period: one statement for all additive
 * metrics, one per family of distinct metrics; with `summaries` (the default), windows that allow
 * it are read from daily summaries (summary.ts).
 */
export function compileMetricPlan(defs: readonly MetricDefinition[], columns: TableColumns, start: Date, end: Date, options: { summaries?: boolean } = {}): CompiledMetricQuery[] {
  const period = periodBoundsOf(start, end);
  const summaries = options.summaries ?? true;
  const additive: MetricDefinition[] = [];
  const distinct = new Map<string, MetricDefinition[]>();
  for (const def of expandParts(defs)) {
    checkDefinition(scopeOf(def, columns, period), def);
    if (ADDITIVE.has(def.aggregate.kind)) {
      additive.push(def);
    } else {
      const key = JSON.stringify([def.table, def.union ?? null, def.unitColumn, def.window, def.coveredBy, def.aggregate]);
      distinct.set(key, [...(distinct.get(key) ?? []), def]);
    }
  }
  // Metrics whose filter reads other rows (EXISTS) are aggregated alone anyway: in a statement of
  // their own they run concurrently with the shared scans instead of after them. Not so in a
  // cumulative window (which units have a row of the group depends on every metric's filter there)
  // or over a union (whose rows only the shared scans read).
  const apart = (def: MetricDefinition) => def.where.some(readsOtherRows) && def.window.kind !== 'until_end' && !def.union;
  const shared = additive.filter((def) => !apart(def));
  const alone = additive.filter(apart);
  const queries: CompiledMetricQuery[] = [];
  if (shared.length) queries.push(additivePlan(columns, period, shared, summaries));
  if (alone.length) queries.push(additivePlan(columns, period, alone, summaries));
  for (const group of distinct.values()) queries.push(distinctPlan(columns, period, group, summaries));
  return queries;
}

const scopeOf = (def: MetricDefinition, columns: TableColumns, period: PeriodBounds): Scope => ({ metric: def.name, columns, period, jsonPath: true });

// ---------------------------------------------------------------------------------------------
// Additive metrics
// ---------------------------------------------------------------------------------------------

/** A column of some relation of the statement: `rel.col` (a scan's relation is named once all its unit columns are known). */
interface Ref {
  rel: () => string;
  col: string;
}
const refSql = (r: Ref) => sql.raw(`${r.rel()}.${r.col}`);
const named = (rel: string, col: string): Ref => ({ rel: () => rel, col });

type Combine = 'sum' | 'max' | 'bool_or';

/** A row test of a scan's FILTERs, made of atoms: conditions with an id, so that equal conditions are one. */
type Test = { atom: string } | { and: Test[] } | { or: Test[] };

function testId(t: Test): string {
  if ('atom' in t) return t.atom;
  if ('and' in t) return `(${t.and.map(testId).join('&')})`;
  return `(${t.or.map(testId).join('|')})`;
}

function atomsOf(t: Test, into: string[] = []): string[] {
  if ('atom' in t) into.push(t.atom);
  else for (const x of 'and' in t ? t.and : t.or) atomsOf(x, into);
  return into;
}

/** A partial aggregate of a scan, attributed to the unit keys in `keys` (computed once per group of the scan, then regrouped per key). */
interface Output {
  render: (test: (t: Test) => Sql) => Sql;
  tests: Test[];
  keys: Set<number>;
  combine: Combine;
  name: string;
}

/**
 * One read of a fact table: partial aggregates grouped by the unit columns they are attributed
 * to. An atom that several partials test is computed once per row (in the LATERAL subquery);
 * an atom only one partial tests stays inline, where it is evaluated only after the atoms before
 * it held (AND stops at the first false) — so is a sum's quantity.
 */
class Scan {
  readonly name: string;
  private readonly keys: { id: string; sql: Sql }[] = [];
  private readonly where = new Map<string, { sql: Sql; last: boolean }>();
  private readonly atoms = new Map<string, Sql>();
  private readonly outputs: Output[] = [];
  private readonly outputIds = new Map<string, Output>();

  constructor(
    readonly table: string,
    index: number,
  ) {
    this.name = `s${index}`;
  }

  /** The unit key `id` (a column, or a union part's expression), added on first use. */
  key(id: string, expr: Sql): number {
    const found = this.keys.findIndex((k) => k.id === id);
    if (found >= 0) return found;
    this.keys.push({ id, sql: expr });
    return this.keys.length - 1;
  }

  get keyCount(): number {
    return this.keys.length;
  }

  /** Whether the scan already reads the rows of term `id`. */
  reads(id: string): boolean {
    return this.where.has(id);
  }

  /** Whether anything reads this table (a group of a cumulative window whose metrics are all aggregated alone does not). */
  get used(): boolean {
    return this.where.size > 0;
  }

  /**
   * The scan reads the rows this term admits (terms are ORed). A row outside every window is
   * tested against all terms, so the costly ones (a cumulative window's filters) go `last`.
   */
  read(id: string, term: Sql, last = false): void {
    if (!this.where.has(id)) this.where.set(id, { sql: term, last });
  }

  atom(id: string, expr: Sql): Test {
    if (!this.atoms.has(id)) this.atoms.set(id, expr);
    return { atom: id };
  }

  /** COUNT(*) of the rows passing `test`. */
  count(test: Test, key: number): Ref {
    return this.output(`count|${testId(test)}`, [test], (t) => sql`count(*) filter (where ${t(test)})`, key, 'sum');
  }

  /** SUM or MAX of a per-row quantity over the rows passing `test`. */
  aggregate(fn: 'sum' | 'max', quantityId: string, quantity: Sql, test: Test, key: number): Ref {
    return this.output(`${fn}|${quantityId}|${testId(test)}`, [test], (t) => sql`${sql.raw(fn)}(${quantity}) filter (where ${t(test)})`, key, fn);
  }

  /**
   * SUM or MAX of a constant over the rows passing `test`: the constant times the count (or the
   * constant), and NULL when no row passes — exactly what SUM and MAX give, with no per-row work
   * beyond the count (PostgreSQL computes equal aggregates of one query once).
   */
  constant(fn: 'sum' | 'max', valueId: string, value: Sql, test: Test, key: number): Ref {
    const id = `${fn}|${valueId}|${testId(test)}`;
    return this.output(id, [test], (t) => {
      const count = sql`count(*) filter (where ${t(test)})`;
      return fn === 'sum' ? sql`case when ${count} > 0 then ${value} * ${count} end` : sql`case when ${count} > 0 then ${value} end`;
    }, key, fn);
  }

  /**
   * SUM((column + plus) * times) over the rows passing `test`, as (SUM(column) + plus * COUNT(column)) * times:
   * the same exact decimal (numeric addition and multiplication do not round), NULL when no row
   * has a value, without numeric arithmetic per row.
   */
  linearSum(columnId: string, column: Sql, plus: number | undefined, times: number | undefined, test: Test, key: number): Ref {
    const id = `linear|${columnId}|${plus}|${times}|${testId(test)}`;
    return this.output(id, [test], (t) => {
      let value = sql`sum(${column}) filter (where ${t(test)})`;
      if (plus !== undefined) value = sql`(${value} + cast(${plus} as numeric) * count(${column}) filter (where ${t(test)}))`;
      if (times !== undefined) value = sql`${value} * cast(${times} as numeric)`;
      return value;
    }, key, 'sum');
  }

  /** Whether some row passes `test`. */
  any(test: Test, key: number): Ref {
    return this.output(`any|${testId(test)}`, [test], (t) => sql`bool_or(${t(test)})`, key, 'bool_or');
  }

  /** A partial attributed to unit key `key`; `id` names what it computes, so equal partials are computed once (for any key). */
  private output(id: string, tests: Test[], render: (test: (t: Test) => Sql) => Sql, key: number, combine: Combine): Ref {
    let output = this.outputIds.get(id);
    if (output === undefined) {
      output = { render, tests, keys: new Set(), combine, name: `p${this.outputs.length}` };
      this.outputs.push(output);
      this.outputIds.set(id, output);
    }
    output.keys.add(key);
    return { rel: () => this.relation(key), col: output.name };
  }

  /** The relation holding the outputs attributed to key `key`, one row per unit. */
  relation(key: number): string {
    return this.keys.length > 1 ? `${this.name}_${key}` : this.name;
  }

  unitColumn(key: number): string {
    return this.keys.length > 1 ? 'unit' : `k${key}`;
  }

  /** `name as (…)` for the scan, and one regrouping per unit column when it groups by several. */
  ctes(): { name: string; sql: Sql }[] {
    const uses = new Map<string, number>();
    for (const o of this.outputs) for (const t of o.tests) for (const a of atomsOf(t)) uses.set(a, (uses.get(a) ?? 0) + 1);
    const shared = new Map<string, string>();
    for (const [id, n] of uses) if (n > 1) shared.set(id, `a${shared.size}`);
    const render = (t: Test): Sql => {
      if ('atom' in t) {
        const name = shared.get(t.atom);
        return name ? sql.raw(`a.${name}`) : sql`(${this.atoms.get(t.atom)!})`;
      }
      if ('and' in t) return t.and.length ? and(t.and.map(render)) : sql`true`;
      return or(t.or.map(render));
    };
    const keys = this.keys.map((k, i) => sql`${k.sql} as ${sql.raw(`k${i}`)}`);
    const outputs = this.outputs.map((o) => sql`${o.render(render)} as ${sql.raw(o.name)}`);
    const lateral = [...shared].map(([id, name]) => sql`${this.atoms.get(id)!} as ${sql.raw(name)}`);
    const from = lateral.length ? sql`${ident(this.table)} f left join lateral (select ${sql.join(lateral)}) a on true` : sql`${ident(this.table)} f`;
    const groupBy = sql.raw(this.keys.map((_, i) => String(i + 1)).join(', '));
    const scan = {
      name: this.name,
      sql: sql`select ${sql.join([...keys, ...outputs])} from ${from} where ${or([...this.where.values()].sort((a, b) => Number(a.last) - Number(b.last)).map((w) => w.sql))} group by ${groupBy}`,
    };
    if (this.keys.length === 1) return [scan];
    const regrouped = this.keys.map((_, key) => {
      const mine = this.outputs.filter((o) => o.keys.has(key)).map((o) => sql`${sql.raw(`${o.combine}(${o.name})`)} as ${sql.raw(o.name)}`);
      return { name: this.relation(key), sql: sql`select ${sql.join([sql.raw(`k${key} as unit`), ...mine])} from ${sql.raw(this.name)} group by ${sql.raw(`k${key}`)}` };
    });
    return [scan, ...regrouped];
  }
}

/** Where a definition's rows come from: its table read directly, or each part of its union read from the part's table. */
interface Context {
  /** Equal for contexts that render the same column names to the same SQL. */
  id: string;
  table: string;
  cols: Columns;
  unitId: string;
  unitSql: Sql;
  /** The union part read, if any. */
  part?: UnionPart;
}

function contexts(def: MetricDefinition): Context[] {
  if (!def.union) {
    const cols = aliasColumns('f');
    return [{ id: 'table', table: def.table, cols, unitId: `col:${def.unitColumn}`, unitSql: cols(def.unitColumn) }];
  }
  return def.union.map((part: UnionPart) => {
    const unit: UnionExpression = part.columns[def.unitColumn]!;
    return {
      id: JSON.stringify(part),
      table: part.table,
      cols: unionPartColumns(part, 'f', true),
      unitId: typeof unit === 'string' ? `col:${unit}` : `expr:${JSON.stringify(unit)}`,
      unitSql: unionExpression(unit, 'f', true),
      part,
    };
  });
}

/** Definitions that the reference form reads in one query, and the partials that tell which units they cover. */
interface Group {
  defs: MetricDefinition[];
  /** The unit has a row of the group: in the window, or for a cumulative window a row some metric counts (reference: the unit is in per_unit). */
  own: Ref[];
  /** A coverage source has a row of the unit in its window. */
  coverage: Ref[];
}

interface Metric {
  def: MetricDefinition;
  group: number;
  /** Partial counts of the matching rows (summed). */
  count: Ref[];
  /** Partial sums or maxima of the quantity over the matching rows. */
  value: Ref[];
}

interface Relation {
  name: string;
  sql: Sql;
}

const readsBounds = (c: Condition): boolean => {
  if ('any' in c) return c.any.some(readsBounds);
  if ('all' in c) return c.all.some(readsBounds);
  if ('exists' in c) return (c.exists.where ?? []).some(readsBounds);
  return 'bound' in c;
};

/** Whether the metric's rows and per-row values depend on the period only through its window. */
const dependsOnBounds = (def: MetricDefinition) => def.where.some(readsBounds) || ('elapsed' in def.aggregate && def.aggregate.elapsed.toIfNull === 'period_end');

/**
 * The day column of each of the group's sources when the group can be read from daily summaries
 * (summary.ts): a period window that is a set of whole days (or a cumulative window ending at a
 * day's start, over a table rather than a union), sources whose writes forget summary
 * days, the window on a plain column of each, and no metric whose rows or values depend on the
 * period's bounds or on other rows. Otherwise null.
 */
function summaryDayColumns(group: MetricDefinition[], period: PeriodBounds): Map<Context, string> | null {
  const first = group[0]!;
  const cumulative = first.window.kind === 'until_end' && !first.union;
  if ((first.window.kind !== 'period' && !cumulative) || !periodIsDays(period)) return null;
  if (group.some((def) => dependsOnBounds(def) || def.where.some(readsOtherRows))) return null;
  const columns = new Map<Context, string>();
  for (const ctx of contexts(first)) {
    const column = ctx.part ? ctx.part.columns[(first.window as { column: string }).column] : (first.window as { column: string }).column;
    if (typeof column !== 'string' || !SUMMARISED_TABLES.has(ctx.table)) return null;
    columns.set(ctx, column);
  }
  return columns;
}

function additivePlan(columns: TableColumns, period: PeriodBounds, defs: MetricDefinition[], useSummaries: boolean): CompiledMetricQuery {
  const scans = new Map<string, Scan>();
  const scanOf = (table: string) => {
    let scan = scans.get(table);
    if (!scan) {
      scan = new Scan(table, scans.size);
      scans.set(table, scan);
    }
    return scan;
  };
  /** Relations with one row per unit (column `unit`) besides the scans: metrics aggregated alone, coverage probes. */
  const others: Relation[] = [];
  /** Daily summaries by source (table or union part), unit and day column. */
  const summaries = new Map<string, DaySummary>();
  const summaryId = (table: string, part: string, unitId: string, dayColumn: string) => JSON.stringify([table, part, unitId, dayColumn]);
  const summaryOf = (ctx: Context, dayColumn: string, cumulative: boolean) => {
    const id = summaryId(ctx.table, ctx.id, ctx.unitId, `${dayColumn}${cumulative ? '|cumulative' : ''}`);
    let summary = summaries.get(id);
    if (!summary) {
      summary = new DaySummary(`d${summaries.size}`, ctx.table, ctx.unitSql, dayColumn, ctx.part ? unionPartRows(ctx.part, 'f') : null, period, cumulative);
      summaries.set(id, summary);
    }
    return summary;
  };

  const groups: Group[] = [];
  const groupIndex = new Map<string, number>();
  for (const def of defs) {
    const key = groupKey(def);
    if (!groupIndex.has(key)) {
      groupIndex.set(key, groups.length);
      groups.push({ defs: [], own: [], coverage: [] });
    }
    groups[groupIndex.get(key)!]!.defs.push(def);
  }

  /** Coverage flags and probes by source, so that each is computed once. */
  const flags = new Map<string, Ref>();
  /** Whether `table` has a row of the unit in the window, per org unit: one index lookup each. */
  const probe = (scope: Scope, table: string, unitColumn: string, window: MetricWindow): Ref => {
    const id = JSON.stringify([table, unitColumn, window]);
    let flag = flags.get(`probe|${id}`);
    if (!flag) {
      const name = `v${others.length}`;
      const windowSql = windowFilter(scope, window, aliasColumns('c'), unitColumn, table);
      others.push({
        name,
        sql: sql`select o.code as unit, true as c from org_units o where exists (select 1 from ${ident(table)} c where c.${ident(unitColumn)} = o.code and ${windowSql})`,
      });
      flag = named(name, 'c');
      flags.set(`probe|${id}`, flag);
    }
    return flag;
  };

  const metrics: Metric[] = [];
  groups.forEach((group, g) => {
    const first = group.defs[0]!;
    const parts: Metric[] = group.defs.map((def) => ({ def, group: g, count: [], value: [] }));
    const dayColumns = useSummaries ? summaryDayColumns(group.defs, period) : null;
    for (const ctx of dayColumns ? dayColumns.keys() : contexts(first)) {
      if (dayColumns) {
        // Read from the daily summary of this source: each metric a count and (sum, max) a value of its rows.
        const cumulative = first.window.kind === 'until_end';
        const summary = summaryOf(ctx, dayColumns.get(ctx)!, cumulative);
        const counted: ReturnType<DaySummary['count']>[] = [];
        for (const part of parts) {
          const { def } = part;
          const scope = scopeOf(def, columns, period);
          const known = checkDefinition(scope, def);
          const conjuncts = filterParts(scope, def, known, ctx.cols);
          if (def.aggregate.kind === 'count' || def.noMatch === 'no_data') part.count.push(summary.count(conjuncts));
          if (cumulative) counted.push(summary.count(conjuncts));
          if (def.aggregate.kind !== 'count') {
            const q = quantity(scope, def, known, def.aggregate, ctx.cols);
            part.value.push(summary.aggregate(def.aggregate.kind === 'max' ? 'max' : 'sum', JSON.stringify({ ...def.aggregate, kind: undefined }), q, conjuncts));
          }
        }
        // A cumulative group covers the units with a row some metric of it counts (as the reference reads only those rows).
        group.own.push(cumulative ? summary.someCounted(counted) : summary.any());
        continue;
      }
      const scan = scanOf(ctx.table);
      const key = scan.key(ctx.unitId, ctx.unitSql);
      const windowId = `${ctx.id}|window|${first.unitColumn}|${JSON.stringify(first.window)}`;
      const partRows = ctx.part ? unionPartRows(ctx.part, 'f') : null;
      const windowOnly = windowFilter(scopeOf(first, columns, period), first.window, ctx.cols, first.unitColumn, first.union ? null : first.table);
      const windowSql = partRows ? sql`${partRows} and ${windowOnly}` : windowOnly;
      const windowTest = scan.atom(windowId, windowSql);
      /** The filters of the metrics read in the shared scan, as SQL (rows a cumulative window reads) and as tests. */
      const filters: { sql: Sql; test: Test }[] = [];
      for (const part of parts) {
        const { def } = part;
        const scope = scopeOf(def, columns, period);
        const known = checkDefinition(scope, def);
        const conjuncts = filterParts(scope, def, known, ctx.cols);
        const filterSql = conjuncts.length ? and(conjuncts.map((c) => c.sql)) : sql`true`;
        const q = def.aggregate.kind === 'count' ? null : quantity(scope, def, known, def.aggregate, ctx.cols);
        if (def.where.some(readsOtherRows)) {
          // Aggregated alone with the filter in WHERE, where PostgreSQL turns the EXISTS into a semi-join.
          const name = `x${others.length}`;
          const value = q === null ? sql`null` : sql`${sql.raw(def.aggregate.kind === 'max' ? 'max' : 'sum')}(${q})`;
          others.push({
            name,
            sql: sql`select ${ctx.unitSql} as unit, count(*) as c, ${value} as v, true as o from ${ident(ctx.table)} f where ${windowSql} and ${filterSql} group by 1`,
          });
          part.count.push(named(name, 'c'));
          if (q !== null) part.value.push(named(name, 'v'));
          group.own.push(named(name, 'o'));
          continue;
        }
        const conjunctTests = conjuncts.map((c) => scan.atom(`${ctx.id}|${c.key}`, c.sql));
        const test: Test = { and: [windowTest, ...conjunctTests] };
        filters.push({ sql: filterSql, test: { and: conjunctTests } });
        // Counts, and no_data sums and maxima (a value only where a row matched), need the count of matching rows.
        if (def.aggregate.kind === 'count' || def.noMatch === 'no_data') part.count.push(scan.count(test, key));
        if (q !== null) {
          const fn = def.aggregate.kind === 'max' ? 'max' : 'sum';
          const a = def.aggregate;
          const constant = ctx.part && (a.kind === 'sum' || a.kind === 'max') && 'column' in a && a.plus === undefined && a.times === undefined ? ctx.part.columns[a.column] : undefined;
          if (constant !== undefined && typeof constant === 'object' && 'value' in constant && typeof constant.value === 'number') {
            part.value.push(scan.constant(fn, `${ctx.id}|${JSON.stringify(constant)}`, q, test, key));
          } else if (a.kind === 'sum' && 'column' in a && (a.plus !== undefined || a.times !== undefined)) {
            part.value.push(scan.linearSum(`${ctx.id}|${a.column}`, ctx.cols(a.column), a.plus, a.times, test, key));
          } else {
            part.value.push(scan.aggregate(fn, `${ctx.id}|${JSON.stringify({ ...a, kind: undefined })}`, q, test, key));
          }
        }
      }
      if (first.window.kind !== 'until_end' && !filters.length && !first.union) {
        // Only metrics aggregated alone: which units have rows in the window, without reading the table.
        group.own.push(probe(scopeOf(first, columns, period), first.table, first.unitColumn, first.window));
      } else if (first.window.kind !== 'until_end') {
        scan.read(windowId, windowSql);
        group.own.push(scan.any(windowTest, key));
      } else if (filters.length) {
        // A cumulative window reads only the rows some metric of the group counts, as the reference does.
        scan.read(`${ctx.id}|rows|${g}`, sql`${windowSql} and ${or(filters.map((f) => f.sql))}`, true);
        group.own.push(scan.any({ and: [windowTest, { or: filters.map((f) => f.test) }] }, key));
      }
    }
    metrics.push(...parts);
  });

  // Coverage sources: a flag in the scan of the source's table when that scan reads the
  // source's window anyway (the group's own window of another group, say), else an EXISTS probe
  // per org unit — an index lookup each, where a window the scan does not read would make every
  // row of the table outside all windows test one more term (and read its columns). As in the
  // reference, a source that is the group's own table, unit column and window adds nothing.
  for (const group of groups) {
    const first = group.defs[0]!;
    const scope = scopeOf(first, columns, period);
    const own = (cov: Coverage) => !first.union && cov.table === first.table && cov.unitColumn === first.unitColumn && JSON.stringify(cov.window) === JSON.stringify(first.window);
    for (const cov of first.coveredBy.filter((c) => !own(c))) {
      const known = tableColumns(scope, cov.table);
      checkColumn(scope, cov.table, known, cov.unitColumn);
      for (const c of windowColumns(cov.window)) checkColumn(scope, cov.table, known, c);
      const id = JSON.stringify([cov.table, cov.unitColumn, cov.window]);
      let flag = flags.get(`scan|${id}`);
      const summary = cov.window.kind === 'period' ? summaries.get(summaryId(cov.table, 'table', `col:${cov.unitColumn}`, cov.window.column)) : undefined;
      if (!flag && summary) {
        flag = summary.any();
      } else if (!flag) {
        const scan = scans.get(cov.table);
        const windowId = `table|window|${cov.unitColumn}|${JSON.stringify(cov.window)}`;
        if (scan?.reads(windowId)) {
          const cols = aliasColumns('f');
          const windowSql = windowFilter(scope, cov.window, cols, cov.unitColumn, cov.table);
          flag = scan.any(scan.atom(windowId, windowSql), scan.key(`col:${cov.unitColumn}`, cols(cov.unitColumn)));
          flags.set(`scan|${id}`, flag);
        } else {
          flag = probe(scope, cov.table, cov.unitColumn, cov.window);
        }
      }
      group.coverage.push(flag);
    }
  }

  // Every relation has one row per unit; join them on the units of any of them.
  const relations: { name: string; unit: string }[] = [];
  const ctes: Relation[] = [];
  for (const scan of [...scans.values()].filter((s) => s.used)) {
    const made = scan.ctes();
    ctes.push(...made);
    for (let key = 0; key < scan.keyCount; key++) relations.push({ name: scan.relation(key), unit: scan.unitColumn(key) });
  }
  ctes.push(...others);
  for (const other of others) relations.push({ name: other.name, unit: 'unit' });
  for (const summary of summaries.values()) {
    ctes.push(summary.relation());
    relations.push({ name: summary.name, unit: 'unit' });
  }

  const own = groups.map((group) => anyTrue(group.own));
  const covered = groups.map((group, g) => (group.coverage.length ? sql`(${own[g]!} or ${anyTrue(group.coverage)})` : own[g]!));
  const values = metrics.map((m) => {
    const count = () => (m.count.length === 1 ? refSql(m.count[0]!) : sql`(${sql.join(m.count.map((r) => sql`coalesce(${refSql(r)}, 0)`), sql` + `)})`);
    const ownSql = own[m.group]!;
    const noData = m.def.noMatch === 'no_data';
    if (m.def.aggregate.kind === 'count') return noData ? sql`case when ${ownSql} then nullif(${count()}, 0) end` : sql`case when ${ownSql} then ${count()} end`;
    const value = combined(m.value, m.def.aggregate.kind === 'max' ? 'max' : 'sum');
    return noData ? sql`case when ${ownSql} and ${count()} > 0 then coalesce(${value}, 0) end` : sql`case when ${ownSql} then coalesce(${value}, 0) end`;
  });
  const finals = metrics.map((m, i) => {
    const fn = sql.raw(m.def.aggregate.kind === 'max' ? 'max' : 'sum');
    const value = sql.raw(`v.m${i}`);
    const when = sql.raw(`bool_or(v.g${m.group})`);
    return m.def.noMatch === 'no_data' ? sql`case when ${when} then ${fn}(${value}) end as ${sql.raw(`m${i}`)}` : sql`case when ${when} then coalesce(${fn}(${value}), 0) end as ${sql.raw(`m${i}`)}`;
  });
  const units = sql.join(
    relations.map((r) => sql.raw(`select ${r.unit} as unit from ${r.name}`)),
    sql` union `,
  );
  const joins = sql.join(
    relations.map((r) => sql.raw(`left join ${r.name} on ${r.name}.${r.unit} = n.unit`)),
    sql` `,
  );
  const query = sql<Record<string, unknown>>`
    with ${sql.join(ctes.map((c) => sql`${sql.raw(c.name)} as materialized (${c.sql})`))},
    units as (${units}),
    per_unit as materialized (
      select n.unit, ${sql.join([...values.map((v, i) => sql`${v} as ${sql.raw(`m${i}`)}`), ...covered.map((c, g) => sql`${c} as ${sql.raw(`g${g}`)}`)])}
      from units n ${joins}
    )
    select c.ancestor_code as unit, ${sql.join(finals)}
    from per_unit v join org_unit_closure c on c.descendant_code = v.unit
    group by c.ancestor_code`;
  return { metrics: metrics.map((m) => m.def.name), query, summaries: [...summaries.values()].map((s) => s.refresh()) };
}

/** Some partial flag is true (NULL, when the unit has no row in that relation, counts as false). */
const anyTrue = (refs: Ref[]): Sql => (refs.length ? or(refs.map((r) => sql`coalesce(${refSql(r)}, false)`)) : sql`false`);

/** Partial sums or maxima combined: NULL when every part is NULL (no row matched), as a single SUM or MAX would be. */
function combined(refs: Ref[], fn: 'sum' | 'max'): Sql {
  if (refs.length === 1) return refSql(refs[0]!);
  const all = refs.map(refSql);
  if (fn === 'max') return sql`greatest(${sql.join(all)})`;
  return sql`case when coalesce(${sql.join(all)}) is not null then ${sql.join(
    all.map((r) => sql`coalesce(${r}, 0)`),
    sql` + `,
  )} end`;
}

// ---------------------------------------------------------------------------------------------
// Distinct counts
// ---------------------------------------------------------------------------------------------

/**
 * Distinct metrics that share source, unit column, window, coverage and aggregate (column and
 * kind), differing only in their filters: one read of the rows, one flag per metric.
 */
function distinctPlan(columns: TableColumns, period: PeriodBounds, group: MetricDefinition[], useSummaries: boolean): CompiledMetricQuery {
  const first = group[0]!;
  const scope = scopeOf(first, columns, period);
  const known = checkDefinition(scope, first);
  const column = (first.aggregate as { column: string }).column;
  checkColumn(scope, first.table, known, column);
  const col = ident(column);
  const unit = ident(first.unitColumn);
  const filters = group.map((def) => filterOf(scopeOf(def, columns, period), def, checkDefinition(scopeOf(def, columns, period), def)));
  const window = windowFilter(scope, first.window, aliasColumns('f'), first.unitColumn, first.union ? null : first.table);
  const flags = (alias: string) => sql.join(filters.map((_, i) => sql.raw(`bool_or(${alias}.e${i}) as e${i}`)));
  const counts = sql.join(filters.map((_, i) => sql.raw(`count(*) filter (where e${i}) as n${i}`)));

  // Units with a row of the source in the window, or of a coverage source (as the reference).
  const probe = (from: Sql, unitSql: Sql, windowSql: Sql) => sql`select o.code as unit from org_units o where exists (select 1 from ${from} where ${unitSql} = o.code and ${windowSql})`;
  const ownCoverage = (cov: Coverage) => !first.union && cov.table === first.table && cov.unitColumn === first.unitColumn && JSON.stringify(cov.window) === JSON.stringify(first.window);
  const coveredBy = [
    probe(source(first, 'c'), sql`c.${unit}`, windowFilter(scope, first.window, aliasColumns('c'), first.unitColumn, first.union ? null : first.table)),
    ...first.coveredBy.filter((cov) => !ownCoverage(cov)).map((cov) => {
      const covKnown = tableColumns(scope, cov.table);
      checkColumn(scope, cov.table, covKnown, cov.unitColumn);
      for (const c of windowColumns(cov.window)) checkColumn(scope, cov.table, covKnown, c);
      return probe(sql`${ident(cov.table)} c`, sql`c.${ident(cov.unitColumn)}`, windowFilter(scope, cov.window, aliasColumns('c'), cov.unitColumn, cov.table));
    }),
  ];
  const covered = sql`covered as (${sql.join(coveredBy, sql` union `)}), units as (
    select distinct c.ancestor_code as unit from covered v join org_unit_closure c on c.descendant_code = v.unit
  )`;
  const matched = sql.join(filters.map((f, i) => sql`bool_or(${f}) as ${sql.raw(`e${i}`)}`));
  const any = or(filters);

  if (first.aggregate.kind === 'count_distinct') {
    return {
      metrics: group.map((d) => d.name),
      query: sql<Record<string, unknown>>`
        with pairs as (
          select f.${unit} as unit, f.${col} as k, ${matched}
          from ${source(first, 'f')} where ${window} and ${any} and f.${col} is not null
          group by 1, 2
        ), triples as (
          select c.ancestor_code as unit, p.k, ${flags('p')}
          from pairs p join org_unit_closure c on c.descendant_code = p.unit
          group by 1, 2
        ), counts as (
          select unit, ${counts} from triples group by unit
        ), ${covered}
        select u.unit, ${sql.join(filters.map((_, i) => sql.raw(`coalesce(n.n${i}, 0) as m${i}`)))}
        from units u left join counts n on n.unit = u.unit`,
    };
  }
  // monthly_distinct_avg: distinct values per subtree per local month, averaged over the months
  // of the period (months without any value count as 0) — the reference's arithmetic exactly.
  const months = Math.max(1, Math.round((period.end.getTime() - period.start.getTime()) / (30.44 * 24 * 3600 * 1000)));
  if (first.window.kind !== 'period') throw new MetricDefinitionError(first.name, 'monthly_distinct_avg needs a period window on a timestamp');
  const time = ident(first.window.column);
  if (useSummaries && period.label !== null && SUMMARISED_TABLES.has(first.table) && !first.union && !group.some((def) => dependsOnBounds(def) || def.where.some(readsOtherRows))) {
    // Whole months: each month's counts per ancestor are kept (summary.ts) and added up here.
    const month = sql`date_trunc('month', f.${time} at time zone 'Asia/Shanghai')`;
    const summary = new AncestorMonthSummary('mm', first.table, first.window.column, { unit: first.unitColumn, column, filters: sql`${sql.join(filters)}` }, (from, to, months) => sql`
      with pairs as (
        select f.${unit} as unit, ${month} as month, f.${col} as k, ${matched}
        from ${ident(first.table)} f
        where f.${time} >= ${from} and f.${time} < ${to} and cast(${month} as date) = any(cast(${months} as date[])) and ${any} and f.${col} is not null
        group by 1, 2, 3
      ), triples as (
        select c.ancestor_code as unit, p.month, p.k, ${flags('p')}
        from pairs p join org_unit_closure c on c.descendant_code = p.unit
        group by 1, 2, 3
      )
      select unit, cast(month as date) as day, cast(array[${sql.join(filters.map((_, i) => sql.raw(`count(*) filter (where e${i})`)))}] as numeric[]) as vals
      from triples group by unit, month`, filters.length, period);
    return {
      metrics: group.map((d) => d.name),
      query: sql<Record<string, unknown>>`
        with counts as (${summary.relation()}), ${covered}
        select u.unit, ${sql.join(filters.map((_, i) => sql`coalesce(${sql.raw(`n.n${i}`)}, 0)::numeric / ${months} as ${sql.raw(`m${i}`)}`))}
        from units u left join counts n on n.unit = u.unit`,
      summaries: [summary.refresh()],
    };
  }
  return {
    metrics: group.map((d) => d.name),
    query: sql<Record<string, unknown>>`
      with pairs as (
        select f.${unit} as unit, date_trunc('month', f.${time} at time zone 'Asia/Shanghai') as month, f.${col} as k, ${matched}
        from ${source(first, 'f')} where ${window} and ${any} and f.${col} is not null
        group by 1, 2, 3
      ), triples as (
        select c.ancestor_code as unit, p.month, p.k, ${flags('p')}
        from pairs p join org_unit_closure c on c.descendant_code = p.unit
        group by 1, 2, 3
      ), per_month as (
        select unit, month, ${counts} from triples group by unit, month
      ), ${covered}
      select u.unit, ${sql.join(filters.map((_, i) => sql`coalesce(sum(${sql.raw(`m.n${i}`)}), 0)::numeric / ${months} as ${sql.raw(`m${i}`)}`))}
      from units u left join per_month m on m.unit = u.unit
      group by u.unit`,
  };
}
