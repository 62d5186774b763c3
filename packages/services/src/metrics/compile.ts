// The reference compilation of metric definitions to SQL: definitions that read the same table
// through the same unit column and window (and coverage) share one query, each metric one
// `FILTER (WHERE …)` aggregate. Additive metrics (count, sum) and maxima are aggregated per unit
// first, then rolled up over the org-unit closure; distinct counts are recounted over each
// subtree's rows. It is the straightforward statement of what each metric means; evaluations run
// the faster plan of plan.ts, which must give exactly the same values (plan.test.ts).
//
// Zero versus no data (docs/metrics.md §1): a unit is covered when it has a row of the source in
// the window, or a row of one of the definition's `coveredBy` sources; covered units get 0 when
// nothing matches, others no value. `noMatch: 'no_data'` gives a value only where a row matched.
//
// Injection safety: see sql.ts (identifiers checked against the allow-list, values bound).
import { sql, type RawBuilder } from 'kysely';
import type { SummaryRefresh } from './summary';
import { expandParts, type Coverage, type MetricDefinition } from './definition';
import {
  ADDITIVE,
  aliasColumns,
  checkColumn,
  checkDefinition,
  filterOf,
  groupKey,
  ident,
  MetricDefinitionError,
  periodBoundsOf,
  quantity,
  source,
  tableColumns,
  windowColumns,
  windowFilter,
  type Scope,
  type TableColumns,
} from './sql';

export { MetricDefinitionError, type TableColumns } from './sql';

export interface CompiledMetricQuery {
  /** Metrics this query returns, as columns m0, m1, … in this order. */
  metrics: string[];
  query: RawBuilder<Record<string, unknown>>;
  /** Daily summaries the query reads, to bring up to date first (the evaluation plan's; summary.ts). */
  summaries?: SummaryRefresh[];
}

/** `union select <unit> from <table> c where <window>` for each coverage source other than the definition's own rows. */
function coverageSelects(scope: Scope, def: MetricDefinition): RawBuilder<unknown>[] {
  const own = (cov: Coverage) => !def.union && cov.table === def.table && cov.unitColumn === def.unitColumn && JSON.stringify(cov.window) === JSON.stringify(def.window);
  return def.coveredBy.filter((cov) => !own(cov)).map((cov) => {
    const known = tableColumns(scope, cov.table);
    checkColumn(scope, cov.table, known, cov.unitColumn);
    for (const c of windowColumns(cov.window)) checkColumn(scope, cov.table, known, c);
    return sql` union select c.${ident(cov.unitColumn)} from ${ident(cov.table)} c where ${windowFilter(scope, cov.window, aliasColumns('c'), cov.unitColumn, cov.table)}`;
  });
}

/** Groups definitions by (source, unit column, window, coverage) and compiles each group for one period. */
export function compileMetricQueries(defs: readonly MetricDefinition[], columns: TableColumns, start: Date, end: Date): CompiledMetricQuery[] {
  const period = periodBoundsOf(start, end);
  const groups = new Map<string, MetricDefinition[]>();
  for (const def of expandParts(defs)) {
    checkDefinition({ metric: def.name, columns, period }, def);
    // Distinct metrics each get their own query (their roll-up cannot reuse per-unit totals).
    const key = groupKey(def);
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
    const known = checkDefinition(scope, def);
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
  let scan = windowFilter(base, first.window, aliasColumns('f'), first.unitColumn, first.union ? null : first.table);
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
  const known = checkDefinition(scope, def);
  const column = (def.aggregate as { column: string }).column;
  checkColumn(scope, def.table, known, column);
  const col = ident(column);
  const unit = ident(def.unitColumn);
  const filter = filterOf(scope, def, known);
  const window = windowFilter(scope, def.window, aliasColumns('f'), def.unitColumn, def.union ? null : def.table);
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
  const known = checkDefinition(scope, def);
  // The metric's own rows or those of one of its parts.
  const counted = expandParts([def]).map((part) => {
    const window = windowFilter(scope, part.window, aliasColumns('f'), part.unitColumn, part.union ? null : part.table);
    return sql`(${window} and ${filterOf(scope, part, checkDefinition(scope, part))})`;
  });
  const order = def.union ? sql`` : known.has('id') ? sql`order by f.id` : sql``;
  return sql<Record<string, unknown>>`
    select f.* from ${source(def, 'f')}
    where (${sql.join(counted, sql` or `)})
      and f.${ident(def.unitColumn)} in (select descendant_code from org_unit_closure where ancestor_code = ${unit})
    ${order}
    limit ${Math.max(1, Math.min(limit, 50))}`;
}
