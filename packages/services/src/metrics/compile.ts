// Compiles metric definitions to SQL. Definitions that read the same table through the same
// unit column and window share one scan: each metric is one `FILTER (WHERE …)` aggregate.
// Additive metrics (count, sum) and maxima are aggregated per unit first, then rolled up over
// the org-unit closure; distinct counts are recounted over each subtree's rows.
import { sql, type RawBuilder } from 'kysely';
import type { Condition, MetricDefinition } from './definition';

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

function ident(name: string): RawBuilder<unknown> {
  return sql.raw(`"${name}"`);
}

function checkColumn(def: MetricDefinition, columns: TableColumns, name: string): void {
  const known = columns[def.table];
  if (!known) throw new MetricDefinitionError(def.name, `unknown table "${def.table}"`);
  if (!known.has(name)) throw new MetricDefinitionError(def.name, `table ${def.table} has no column "${name}"`);
}

function condition(def: MetricDefinition, columns: TableColumns, c: Condition): RawBuilder<unknown> {
  if ('any' in c) return sql`(${sql.join(c.any.map((x) => condition(def, columns, x)), sql` or `)})`;
  checkColumn(def, columns, c.column);
  const col = sql`f.${ident(c.column)}`;
  switch (c.op) {
    case 'is_null':
      return sql`${col} is null`;
    case 'not_null':
      return sql`${col} is not null`;
    case 'in':
      return sql`${col} in (${sql.join(c.values)})`;
    case 'not_in':
      return sql`${col} not in (${sql.join(c.values)})`;
    default: {
      const right = 'otherColumn' in c ? (checkColumn(def, columns, c.otherColumn), sql`f.${ident(c.otherColumn)}`) : sql`${c.value}`;
      return sql`${col} ${sql.raw(c.op === '!=' ? '<>' : c.op)} ${right}`;
    }
  }
}

function filterOf(def: MetricDefinition, columns: TableColumns): RawBuilder<unknown> {
  const parts = def.where.map((c) => condition(def, columns, c));
  if (def.acceptedOnly) parts.push(sql`f.quality_status = 'accepted'`);
  return parts.length ? sql.join(parts, sql` and `) : sql`true`;
}

function windowFilter(def: MetricDefinition, start: Date, end: Date): RawBuilder<unknown> {
  const col = ident(def.window.column);
  if (def.window.kind === 'period') return sql`f.${col} >= ${start} and f.${col} < ${end}`;
  const unit = ident(def.unitColumn);
  const table = ident(def.table);
  // The latest snapshot per unit taken before the period ends.
  return sql`(f.${unit}, f.${col}) in (select s.${unit}, max(s.${col}) from ${table} s where s.${col} < ${end} group by s.${unit})`;
}

const ADDITIVE = new Set(['count', 'sum', 'max']);

/** Groups definitions by (table, unit column, window) and compiles each group for one period. */
export function compileMetricQueries(defs: readonly MetricDefinition[], columns: TableColumns, start: Date, end: Date): CompiledMetricQuery[] {
  const groups = new Map<string, MetricDefinition[]>();
  for (const def of defs) {
    checkColumn(def, columns, def.unitColumn);
    checkColumn(def, columns, def.window.column);
    if ('column' in def.aggregate) checkColumn(def, columns, def.aggregate.column);
    const additive = ADDITIVE.has(def.aggregate.kind);
    // Distinct metrics each get their own query (their roll-up cannot reuse per-unit totals).
    const key = additive ? `${def.table}|${def.unitColumn}|${def.window.kind}|${def.window.column}` : `distinct|${def.name}`;
    const list = groups.get(key) ?? [];
    list.push(def);
    groups.set(key, list);
  }
  return [...groups.values()].map((group) => (ADDITIVE.has(group[0]!.aggregate.kind) ? additiveQuery(group, columns, start, end) : distinctQuery(group[0]!, columns, start, end)));
}

function additiveQuery(group: MetricDefinition[], columns: TableColumns, start: Date, end: Date): CompiledMetricQuery {
  const first = group[0]!;
  const perUnit = group.map((def, i) => {
    const filter = filterOf(def, columns);
    const alias = sql.raw(`m${i}`);
    switch (def.aggregate.kind) {
      case 'count':
        return sql`count(*) filter (where ${filter}) as ${alias}`;
      case 'sum':
        return sql`coalesce(sum(f.${ident(def.aggregate.column)}) filter (where ${filter}), 0) as ${alias}`;
      case 'max':
        return sql`coalesce(max(f.${ident(def.aggregate.column)}) filter (where ${filter}), 0) as ${alias}`;
      default:
        throw new MetricDefinitionError(def.name, 'not an additive aggregate');
    }
  });
  const rolled = group.map((def, i) => sql.raw(`${def.aggregate.kind === 'max' ? 'max' : 'sum'}(p.m${i}) as m${i}`));
  // A unit with at least one row of this table in the window is covered: its counts are 0,
  // not "no data". Units without any row stay absent, i.e. no data.
  const query = sql<Record<string, unknown>>`
    with per_unit as (
      select f.${ident(first.unitColumn)} as unit, ${sql.join(perUnit)}
      from ${ident(first.table)} f
      where ${windowFilter(first, start, end)}
      group by f.${ident(first.unitColumn)}
    )
    select c.ancestor_code as unit, ${sql.join(rolled)}
    from per_unit p join org_unit_closure c on c.descendant_code = p.unit
    group by c.ancestor_code`;
  return { metrics: group.map((d) => d.name), query };
}

function distinctQuery(def: MetricDefinition, columns: TableColumns, start: Date, end: Date): CompiledMetricQuery {
  const col = ident((def.aggregate as { column: string }).column);
  const unit = ident(def.unitColumn);
  const filter = filterOf(def, columns);
  const window = windowFilter(def, start, end);
  if (def.aggregate.kind === 'count_distinct') {
    return {
      metrics: [def.name],
      query: sql<Record<string, unknown>>`
        with pairs as (
          select distinct f.${unit} as unit, f.${col} as k from ${ident(def.table)} f
          where ${window} and ${filter} and f.${col} is not null
        ), covered as (
          select distinct f.${unit} as unit from ${ident(def.table)} f where ${window}
        )
        select c.ancestor_code as unit, count(distinct p.k) as m0
        from covered v join org_unit_closure c on c.descendant_code = v.unit
        left join pairs p on p.unit = c.descendant_code
        group by c.ancestor_code`,
    };
  }
  // monthly_distinct_avg: distinct values per subtree per local month, averaged over the months
  // of the period (months without any value count as 0).
  const months = Math.max(1, Math.round((end.getTime() - start.getTime()) / (30.44 * 24 * 3600 * 1000)));
  const time = ident(def.window.column);
  return {
    metrics: [def.name],
    query: sql<Record<string, unknown>>`
      with pairs as (
        select distinct f.${unit} as unit, date_trunc('month', f.${time} at time zone 'Asia/Shanghai') as month, f.${col} as k
        from ${ident(def.table)} f where ${window} and ${filter} and f.${col} is not null
      ), covered as (
        select distinct f.${unit} as unit from ${ident(def.table)} f where ${window}
      ), per_month as (
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
