// Compiles metric definitions to SQL. Definitions that read the same table through the same
// unit column and window (and coverage) share one scan: each metric is one `FILTER (WHERE …)`
// aggregate. Additive metrics (count, sum) and maxima are aggregated per unit first, then rolled
// up over the org-unit closure; distinct counts are recounted over each subtree's rows.
//
// Zero versus no data (docs/metrics.md §1): a unit is covered when it has a row of the source in
// the window, or a row of one of the definition's `coveredBy` sources; covered units get 0 when
// nothing matches, others no value. `noMatch: 'no_data'` gives a value only where a row matched.
//
// Injection safety: every identifier comes from the definition and is checked against the
// caller's allow-list of table columns (or is an alias the compiler makes); every value — literals,
// period bounds, offsets, constants — is a bound parameter. Operators, units and window kinds are
// closed enums mapped to fixed SQL text here.
import { sql, type RawBuilder } from 'kysely';
import type { Aggregate, Condition, Coverage, Elapsed, MetricDefinition, MetricWindow, UnionExpression, UnionPart } from './definition';

export interface CompiledMetricQuery {
  /** Metrics this query returns, as columns m0, m1, … in this order. */
  metrics: string[];
  query: RawBuilder<Record<string, unknown>>;
}

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
interface PeriodBounds {
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

function periodBoundsOf(start: Date, end: Date): PeriodBounds {
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

function ident(name: string): RawBuilder<unknown> {
  // Names reach here only after checkColumn/checkTable (or are the compiler's own aliases).
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain identifier: ${name}`);
  return sql.raw(`"${name}"`);
}

const ref = (alias: string, name: string) => sql`${sql.raw(alias)}.${ident(name)}`;

/** Compilation of one definition: its name for errors, the allow-list and the period. */
interface Scope {
  metric: string;
  columns: TableColumns;
  period: PeriodBounds;
}

function tableColumns(scope: Scope, table: string): ReadonlySet<string> {
  const known = Object.hasOwn(scope.columns, table) ? scope.columns[table] : undefined;
  if (!known) throw new MetricDefinitionError(scope.metric, `unknown table "${table}"`);
  return known;
}

function checkColumn(scope: Scope, table: string, known: ReadonlySet<string>, name: string): void {
  if (!known.has(name)) throw new MetricDefinitionError(scope.metric, `table ${table} has no column "${name}"`);
}

/** The columns of the definition's source: a table's allow-list, or the aliases of its union parts (checked against theirs). */
function sourceColumns(scope: Scope, def: MetricDefinition): ReadonlySet<string> {
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
  }
  return new Set(aliases);
}

function expressionColumns(expr: UnionExpression): string[] {
  if (typeof expr === 'string') return [expr];
  if ('coalesce' in expr) return expr.coalesce;
  if ('filled' in expr) return expr.filled;
  return [];
}

function unionExpression(expr: UnionExpression): RawBuilder<unknown> {
  if (typeof expr === 'string') return ref('u', expr);
  if ('coalesce' in expr) return sql`coalesce(${sql.join(expr.coalesce.map((c) => ref('u', c)))})`;
  if ('filled' in expr) return sql`(${sql.join(expr.filled.map((c) => sql`(case when ${ref('u', c)} is not null then 1 else 0 end)`), sql` + `)})`;
  const type = typeof expr.value === 'string' ? 'text' : typeof expr.value === 'number' ? 'numeric' : 'boolean';
  return sql`cast(${expr.value} as ${sql.raw(type)})`;
}

/** `from … f`: the table, or the union of its parts with their columns mapped to the aliases. */
function source(def: MetricDefinition, alias: string): RawBuilder<unknown> {
  if (!def.union) return sql`${ident(def.table)} ${sql.raw(alias)}`;
  const aliases = Object.keys(def.union[0]!.columns);
  const parts = def.union.map((part: UnionPart) => sql`select ${sql.join(aliases.map((a) => sql`${unionExpression(part.columns[a]!)} as ${ident(a)}`))} from ${ident(part.table)} u`);
  return sql`(${sql.join(parts, sql` union all `)}) ${sql.raw(alias)}`;
}

const COMPARISON: Record<string, string> = { '=': '=', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

function offsetMinutes(plus: { hours?: number | undefined; minutes?: number | undefined }): number {
  return (plus.hours ?? 0) * 60 + (plus.minutes ?? 0);
}

function condition(scope: Scope, table: string, known: ReadonlySet<string>, alias: string, c: Condition, depth = 1): RawBuilder<unknown> {
  if ('any' in c) return sql`(${sql.join(c.any.map((x) => condition(scope, table, known, alias, x, depth)), sql` or `)})`;
  if ('all' in c) return sql`(${sql.join(c.all.map((x) => condition(scope, table, known, alias, x, depth)), sql` and `)})`;
  if ('exists' in c) {
    const inner = tableColumns(scope, c.exists.table);
    const s = `s${depth}`;
    const parts = c.exists.on.map((pair) => {
      checkColumn(scope, c.exists.table, inner, pair.column);
      checkColumn(scope, table, known, pair.outerColumn);
      return sql`${ref(s, pair.column)} = ${ref(alias, pair.outerColumn)}`;
    });
    for (const w of c.exists.where ?? []) parts.push(condition(scope, c.exists.table, inner, s, w, depth + 1));
    return sql`exists (select 1 from ${ident(c.exists.table)} ${sql.raw(s)} where ${sql.join(parts, sql` and `)})`;
  }
  checkColumn(scope, table, known, c.column);
  const col = ref(alias, c.column);
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
    case 'has_none': {
      const has = sql`exists (select 1 from jsonb_array_elements_text(${col}) as q(rule) where split_part(q.rule, ':', 1) in (${sql.join(c.values)}))`;
      return c.op === 'has_any' ? has : sql`not ${has}`;
    }
    default: {
      const op = sql.raw(COMPARISON[c.op]!);
      if ('otherColumn' in c) {
        checkColumn(scope, table, known, c.otherColumn);
        const other = ref(alias, c.otherColumn);
        if (!c.plus) return sql`${col} ${op} ${other}`;
        return sql`${col} ${op} ${other} + make_interval(mins => cast(${offsetMinutes(c.plus)} as integer))`;
      }
      if ('bound' in c) return sql`${col} ${op} cast(${c.bound === 'period_start' ? scope.period.start : scope.period.end} as timestamptz)`;
      return sql`${col} ${op} ${c.value}`;
    }
  }
}

function filterOf(scope: Scope, def: MetricDefinition, known: ReadonlySet<string>): RawBuilder<unknown> {
  const parts = def.where.map((c) => condition(scope, def.table, known, 'f', c));
  if (def.acceptedOnly) {
    checkColumn(scope, def.table, known, 'quality_status');
    parts.push(sql`f.quality_status = 'accepted'`);
  }
  return parts.length ? sql.join(parts, sql` and `) : sql`true`;
}

function windowColumns(window: MetricWindow): string[] {
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

/** The rows of `alias` the window admits. `table` is needed for snapshots (the latest per unit). */
function windowFilter(scope: Scope, window: MetricWindow, alias: string, unitColumn: string, table: string | null): RawBuilder<unknown> {
  const { period } = scope;
  const col = (name: string) => ref(alias, name);
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

/** `union select <unit> from <table> c where <window>` for each coverage source other than the definition's own rows. */
function coverageSelects(scope: Scope, def: MetricDefinition): RawBuilder<unknown>[] {
  const own = (cov: Coverage) => !def.union && cov.table === def.table && cov.unitColumn === def.unitColumn && JSON.stringify(cov.window) === JSON.stringify(def.window);
  return def.coveredBy.filter((cov) => !own(cov)).map((cov) => {
    const known = tableColumns(scope, cov.table);
    checkColumn(scope, cov.table, known, cov.unitColumn);
    for (const c of windowColumns(cov.window)) checkColumn(scope, cov.table, known, c);
    return sql` union select c.${ident(cov.unitColumn)} from ${ident(cov.table)} c where ${windowFilter(scope, cov.window, 'c', cov.unitColumn, cov.table)}`;
  });
}

const SECONDS: Record<Elapsed['unit'], string> = { minutes: '60', hours: '3600', days: '86400' };

function quantity(scope: Scope, def: MetricDefinition, known: ReadonlySet<string>, aggregate: Aggregate): RawBuilder<unknown> {
  if ('elapsed' in aggregate) {
    const e = aggregate.elapsed;
    checkColumn(scope, def.table, known, e.from);
    checkColumn(scope, def.table, known, e.to);
    const to = e.toIfNull === 'period_end' ? sql`coalesce(${ref('f', e.to)}, cast(${scope.period.end} as timestamptz))` : ref('f', e.to);
    const value = sql`extract(epoch from (${to} - ${ref('f', e.from)})) / ${sql.raw(SECONDS[e.unit])}`;
    return e.atLeastZero ? sql`greatest(${value}, 0)` : value;
  }
  if (!('column' in aggregate)) throw new MetricDefinitionError(def.name, 'this aggregate has no quantity');
  checkColumn(scope, def.table, known, aggregate.column);
  let value: RawBuilder<unknown> = ref('f', aggregate.column);
  if ('plus' in aggregate && aggregate.plus !== undefined) value = sql`(${value} + cast(${aggregate.plus} as numeric))`;
  if ('times' in aggregate && aggregate.times !== undefined) value = sql`${value} * cast(${aggregate.times} as numeric)`;
  return value;
}

const ADDITIVE = new Set(['count', 'sum', 'max']);

/** Groups definitions by (source, unit column, window, coverage) and compiles each group for one period. */
export function compileMetricQueries(defs: readonly MetricDefinition[], columns: TableColumns, start: Date, end: Date): CompiledMetricQuery[] {
  const period = periodBoundsOf(start, end);
  const groups = new Map<string, MetricDefinition[]>();
  for (const def of defs) {
    const scope: Scope = { metric: def.name, columns, period };
    const known = sourceColumns(scope, def);
    checkColumn(scope, def.table, known, def.unitColumn);
    for (const c of windowColumns(def.window)) checkColumn(scope, def.table, known, c);
    const additive = ADDITIVE.has(def.aggregate.kind);
    if (!additive && def.noMatch === 'no_data') throw new MetricDefinitionError(def.name, 'noMatch "no_data" applies to counts, sums and maxima');
    // Distinct metrics each get their own query (their roll-up cannot reuse per-unit totals).
    const key = additive ? JSON.stringify([def.table, def.union ?? null, def.unitColumn, def.window, def.coveredBy]) : `distinct|${def.name}`;
    const list = groups.get(key) ?? [];
    list.push(def);
    groups.set(key, list);
  }
  return [...groups.values()].map((group) => {
    const scope: Scope = { metric: group[0]!.name, columns, period };
    return ADDITIVE.has(group[0]!.aggregate.kind) ? additiveQuery(scope, group) : distinctQuery(scope, group[0]!);
  });
}

function additiveQuery(base: Scope, group: MetricDefinition[]): CompiledMetricQuery {
  const first = group[0]!;
  const filters: RawBuilder<unknown>[] = [];
  const perUnit = group.map((def, i) => {
    const scope = { ...base, metric: def.name };
    const known = sourceColumns(scope, def);
    const filter = filterOf(scope, def, known);
    filters.push(filter);
    const alias = sql.raw(`m${i}`);
    const noData = def.noMatch === 'no_data';
    if (def.aggregate.kind === 'count') {
      return noData ? sql`nullif(count(*) filter (where ${filter}), 0) as ${alias}` : sql`count(*) filter (where ${filter}) as ${alias}`;
    }
    if (def.aggregate.kind !== 'sum' && def.aggregate.kind !== 'max') throw new MetricDefinitionError(def.name, 'not an additive aggregate');
    const fn = sql.raw(def.aggregate.kind);
    const value = sql`coalesce(${fn}(${quantity(scope, def, known, def.aggregate)}) filter (where ${filter}), 0)`;
    return noData ? sql`case when count(*) filter (where ${filter}) > 0 then ${value} end as ${alias}` : sql`${value} as ${alias}`;
  });
  const rolled = group.map((def, i) => {
    const fn = def.aggregate.kind === 'max' ? 'max' : 'sum';
    return sql.raw(def.noMatch === 'no_data' ? `${fn}(p.m${i}) as m${i}` : `coalesce(${fn}(p.m${i}), 0) as m${i}`);
  });
  let scan = windowFilter(base, first.window, 'f', first.unitColumn, first.union ? null : first.table);
  // A cumulative window would read the whole history: read only rows some metric counts.
  if (first.window.kind === 'until_end') scan = sql`${scan} and (${sql.join(filters, sql` or `)})`;
  // A unit with at least one row of this source in the window (or of a coverage source) is
  // covered: its counts are 0, not "no data". Units without any row stay absent, i.e. no data.
  const query = sql<Record<string, unknown>>`
    with per_unit as (
      select f.${ident(first.unitColumn)} as unit, ${sql.join(perUnit)}
      from ${source(first, 'f')}
      where ${scan}
      group by f.${ident(first.unitColumn)}
    ), covered as (
      select p.unit from per_unit p${sql.join(coverageSelects(base, first), sql``)}
    )
    select c.ancestor_code as unit, ${sql.join(rolled)}
    from covered v join org_unit_closure c on c.descendant_code = v.unit
    left join per_unit p on p.unit = v.unit
    group by c.ancestor_code`;
  return { metrics: group.map((d) => d.name), query };
}

function distinctQuery(scope: Scope, def: MetricDefinition): CompiledMetricQuery {
  const known = sourceColumns(scope, def);
  const column = (def.aggregate as { column: string }).column;
  checkColumn(scope, def.table, known, column);
  const col = ident(column);
  const unit = ident(def.unitColumn);
  const filter = filterOf(scope, def, known);
  const window = windowFilter(scope, def.window, 'f', def.unitColumn, def.union ? null : def.table);
  const from = source(def, 'f');
  const covered = sql`select f.${unit} as unit from ${from} where ${window}${sql.join(coverageSelects(scope, def), sql``)}`;
  if (def.aggregate.kind === 'count_distinct') {
    return {
      metrics: [def.name],
      query: sql<Record<string, unknown>>`
        with pairs as (
          select distinct f.${unit} as unit, f.${col} as k from ${from}
          where ${window} and ${filter} and f.${col} is not null
        ), covered as (${covered})
        select c.ancestor_code as unit, count(distinct p.k) as m0
        from covered v join org_unit_closure c on c.descendant_code = v.unit
        left join pairs p on p.unit = c.descendant_code
        group by c.ancestor_code`,
    };
  }
  // monthly_distinct_avg: distinct values per subtree per local month, averaged over the months
  // of the period (months without any value count as 0).
  const { start, end } = scope.period;
  const months = Math.max(1, Math.round((end.getTime() - start.getTime()) / (30.44 * 24 * 3600 * 1000)));
  if (def.window.kind !== 'period') throw new MetricDefinitionError(def.name, 'monthly_distinct_avg needs a period window on a timestamp');
  const time = ident(def.window.column);
  return {
    metrics: [def.name],
    query: sql<Record<string, unknown>>`
      with pairs as (
        select distinct f.${unit} as unit, date_trunc('month', f.${time} at time zone 'Asia/Shanghai') as month, f.${col} as k
        from ${from} where ${window} and ${filter} and f.${col} is not null
      ), covered as (${covered}), per_month as (
        select c.ancestor_code as unit, p.month, count(distinct p.k) as n
        from pairs p join org_unit_closure c on c.descendant_code = p.unit
        group by c.ancestor_code, p.month
      ), units as (
        select distinct c.ancestor_code as unit from covered v join org_unit_closure c on c.descendant_code = v.unit
      )
      select u.unit, coalesce(sum(m.n), 0)::numeric / ${months} as m0
      from units u left join per_month m on m.unit = u.unit
      group by u.unit`,
  };
}

/**
 * A few of the rows a metric counts for one unit's subtree in the period: the "sample facts"
 * behind an explanation. Same window and filter as the metric itself, so a sample is always a
 * row the metric really counted.
 */
export function compileSampleQuery(def: MetricDefinition, columns: TableColumns, start: Date, end: Date, unit: string, limit = 5): RawBuilder<Record<string, unknown>> {
  const scope: Scope = { metric: def.name, columns, period: periodBoundsOf(start, end) };
  const known = sourceColumns(scope, def);
  checkColumn(scope, def.table, known, def.unitColumn);
  const window = windowFilter(scope, def.window, 'f', def.unitColumn, def.union ? null : def.table);
  const filter = filterOf(scope, def, known);
  const order = def.union ? sql`` : known.has('id') ? sql`order by f.id` : sql``;
  return sql<Record<string, unknown>>`
    select f.* from ${source(def, 'f')}
    where ${window} and ${filter}
      and f.${ident(def.unitColumn)} in (select descendant_code from org_unit_closure where ancestor_code = ${unit})
    ${order}
    limit ${Math.max(1, Math.min(limit, 50))}`;
}
