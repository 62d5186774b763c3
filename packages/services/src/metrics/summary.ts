// Daily summaries: the partial aggregates of a fact table's period-window metrics, kept per
// unit and local (Beijing) day in metric_day_partials (migration 0020). Evaluating a period then
// adds up one row per unit and day instead of reading every fact row of the period.
//
// Exactness. A 'period' window on a timestamp is [start, end) with both bounds at Beijing
// midnight, so it holds exactly the rows whose local day lies in [startDay, endDay): counts and
// sums add up over days and maxima take the maximum, as in one scan. Sums are numeric, whose
// addition does not round. Only metrics whose filter and quantity do not depend on the period's
// bounds and read no other rows are summarised (plan.ts decides); the rest read fact rows.
//
// Freshness. A day is read from the summary only while metric_summary_days holds it: every
// insert, update, delete or truncate of the source table forgets the days it touched (triggers of
// migration 0020), and refresh() recomputes the forgotten or never computed days of the period
// from the fact rows first. The refresh holds a SHARE ROW EXCLUSIVE lock on the source table: no
// write is in flight while it reads (a write that committed after its read could not otherwise
// forget a day the refresh is about to record), and two refreshes of one table take turns.
import { createHash } from 'node:crypto';
import { FACT_TABLE_COLUMNS } from '@govperf/storage';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, sql, type RawBuilder } from 'kysely';
import { ident, type PeriodBounds } from './sql';

type Sql = RawBuilder<unknown>;

/** The tables whose writes forget summary days (the triggers of migration 0020: every fact table and the refused records); only these are summarised. */
export const SUMMARISED_TABLES: ReadonlySet<string> = new Set([...Object.keys(FACT_TABLE_COLUMNS), 'rejected_records']);

const BEIJING_MS = 8 * 3600 * 1000;
const DAY_MS = 86_400_000;
const atBeijingMidnight = (instant: Date) => (instant.getTime() + BEIJING_MS) % DAY_MS === 0;

/** Whether [start, end) is a whole number of local days, so that a period window is a set of days. */
export const periodIsDays = (period: PeriodBounds) => atBeijingMidnight(period.start) && atBeijingMidnight(period.end);

// Renders SQL to text without a connection: the summary's key is a hash of what it computes.
const renderer = new Kysely<Record<string, never>>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});
const render = (part: Sql) => {
  const compiled = part.compile(renderer);
  return { sql: compiled.sql, parameters: compiled.parameters.map((p) => (p instanceof Date ? p.toISOString() : p)) };
};

/** One condition of a filter; equal keys are equal conditions. */
export interface Conjunct {
  key: string;
  sql: Sql;
}

interface Output {
  id: string;
  /** COUNT(*), or SUM/MAX of the quantity, over the rows passing every conjunct. */
  fn: 'count' | 'sum' | 'max';
  quantity: Sql | null;
  conjuncts: readonly Conjunct[];
  combine: 'sum' | 'max';
}

const and = (parts: Sql[]) => sql`(${sql.join(parts, sql` and `)})`;

/**
 * The partials as SQL. With `shared`, a condition several partials test is read from the
 * LATERAL subquery `a` (computed once per row, see plan.ts) instead of being evaluated per partial.
 */
function renderOutputs(outputs: readonly Output[], shared: ReadonlyMap<string, string> = new Map()): Sql[] {
  return outputs.map((o) => {
    const tests = o.conjuncts.map((c) => (shared.has(c.key) ? sql.raw(`a.${shared.get(c.key)}`) : sql`(${c.sql})`));
    const filter = tests.length ? sql` filter (where ${and(tests)})` : sql``;
    return o.fn === 'count' ? sql`count(*)${filter}` : sql`${sql.raw(o.fn)}(${o.quantity})${filter}`;
  });
}

/** What runMetricQueries needs to bring a summary up to date for the period before the plan reads it. */
export interface SummaryRefresh {
  key: string;
  table: string;
  dayColumn: string;
  /** Values per ancestor unit: they also depend on the org-unit hierarchy (org_unit_closure). */
  byAncestor: boolean;
  /** The period's first day; null for a cumulative summary, which starts at its table's first day. */
  startDay: string | null;
  /** The local day of every row the summary reads (`select … as x`): its first use computes them all at once. */
  span: Sql;
  endDay: string;
  /** The days a build of the missing days makes exact (YYYY-MM-DD): those days, or their whole months. */
  cover: (missing: string[]) => string[];
  /** Statements that replace the partials of those days. */
  build: (days: string[]) => Sql[];
  /** The whole months the relation reads from month partials when it reads the days [first, endDay): their first days. */
  months: (first: string) => string[];
  /** Statements that replace the month partials of those months from their day partials (all held). */
  buildMonths: (months: string[]) => Sql[];
}

/** The local day (YYYY-MM-DD) of a Beijing-midnight instant. */
const localDayOf = (instant: Date) => new Date(instant.getTime() + BEIJING_MS).toISOString().slice(0, 10);
const daysLiteral = (days: readonly string[]) => `{${[...days].sort().join(',')}}`;
const beijingMidnight = (day: string) => new Date(`${day}T00:00:00+08:00`);
/** [from, to) instants spanning the local days `first` … `last`, and whether the days are all the days in between. */
const daySpan = (days: readonly string[]) => {
  const sorted = [...new Set(days)].sort();
  const from = beijingMidnight(sorted[0]!);
  const to = new Date(beijingMidnight(sorted[sorted.length - 1]!).getTime() + DAY_MS);
  return { from, to, contiguous: Math.round((to.getTime() - from.getTime()) / DAY_MS) === sorted.length };
};

const nextMonth = (month: string) => {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
};

/** The first day of each whole month inside the days [first, end). */
export function wholeMonths(first: string, end: string): string[] {
  const months: string[] = [];
  for (let m = first.endsWith('-01') ? first : nextMonth(`${first.slice(0, 7)}-01`); nextMonth(m) <= end; m = nextMonth(m)) months.push(m);
  return months;
}

/**
 * One summary: a fact table (or a union part's rows of it) grouped by a unit expression and the
 * local day of `dayColumn`. Partials are added while the plan is compiled; the first one counts
 * the rows, which tells whether a unit has any row in the window.
 */
export class DaySummary {
  private readonly outputs: Output[] = [{ id: 'rows', fn: 'count', quantity: null, conjuncts: [], combine: 'sum' }];
  /** Derived flags: some of these outputs is positive. */
  private readonly flags: number[][] = [];
  private keyCache: string | undefined;

  constructor(
    readonly name: string,
    readonly table: string,
    private readonly unitSql: Sql,
    readonly dayColumn: string,
    /** The union part's condition on its table's rows, if any. */
    private readonly rows: Sql | null,
    private readonly period: PeriodBounds,
    /** Every day before the period's end (an `until_end` window), not only the period's days. */
    readonly cumulative = false,
  ) {}

  /** Whether the unit has a row in the window. */
  any(): { rel: () => string; col: string } {
    return { rel: () => this.name, col: 'o' };
  }

  /** COUNT(*) of the rows passing every conjunct (equal conjunct keys are one partial). */
  count(conjuncts: readonly Conjunct[]): { rel: () => string; col: string } {
    return this.output({ id: `count|${conjuncts.map((c) => c.key).join('&')}`, fn: 'count', quantity: null, conjuncts, combine: 'sum' });
  }

  /** SUM or MAX of a per-row quantity over the rows passing every conjunct. */
  aggregate(fn: 'sum' | 'max', quantityId: string, quantity: Sql, conjuncts: readonly Conjunct[]): { rel: () => string; col: string } {
    return this.output({ id: `${fn}|${quantityId}|${conjuncts.map((c) => c.key).join('&')}`, fn, quantity, conjuncts, combine: fn });
  }

  /** Whether some of these counts is positive (a cumulative group's units: those with a row some metric counts). */
  someCounted(counts: readonly { col: string }[]): { rel: () => string; col: string } {
    const indexes = counts.map((c) => Number(c.col.slice(1)));
    let flag = this.flags.findIndex((f) => f.join() === indexes.join());
    if (flag < 0) flag = this.flags.push(indexes) - 1;
    return { rel: () => this.name, col: `f${flag}` };
  }

  private output(output: Output) {
    let index = this.outputs.findIndex((o) => o.id === output.id);
    if (index < 0) {
      this.keyCache = undefined;
      index = this.outputs.push(output) - 1;
    }
    return { rel: () => this.name, col: `p${index}` };
  }

  /** A hash of everything the partials depend on: table, rows, unit, day column and each partial's SQL. */
  get key(): string {
    if (this.keyCache === undefined) {
      const text = JSON.stringify({
        version: 1,
        cumulative: this.cumulative,
        table: this.table,
        rows: this.rows ? render(this.rows) : null,
        unit: render(this.unitSql),
        day: this.dayColumn,
        outputs: renderOutputs(this.outputs).map((o, i) => [this.outputs[i]!.combine, render(o)]),
      });
      this.keyCache = createHash('sha256').update(text).digest('hex').slice(0, 32);
    }
    return this.keyCache;
  }

  /**
   * The relation the plan joins: one row per unit, the partials added up over the period's days —
   * over the partials of its whole months and of its other days. A cumulative summary's months
   * start with the first whole month from its first day (recorded when the plan runs).
   */
  relation(): { name: string; sql: Sql } {
    const partials = this.outputs.map((o, i) => (i === 0 ? sql.raw(`sum(d.vals[1]) > 0 as o`) : sql.raw(`${o.combine}(d.vals[${i + 1}]) as p${i}`)));
    const flags = this.flags.map((f, i) => sql.raw(`(${f.map((p) => `sum(d.vals[${p + 1}]) > 0`).join(' or ')}) as f${i}`));
    const end = sql`cast(${this.period.endDay} as date)`;
    const monthsEnd = sql`cast(${`${this.period.endDay.slice(0, 7)}-01`} as date)`;
    let rows: Sql;
    if (this.cumulative) {
      const monthsFrom = sql`coalesce((select (date_trunc('month', s.first_day - 1) + interval '1 month')::date from metric_summaries s where s.key = ${this.key}), ${end})`;
      rows = sql`select m.unit, m.vals from metric_month_partials m where m.key = ${this.key} and m.month >= ${monthsFrom} and m.month < ${monthsEnd}
        union all select d.unit, d.vals from metric_day_partials d where d.key = ${this.key} and d.day < ${end} and not (d.day >= ${monthsFrom} and d.day < ${monthsEnd})`;
    } else {
      const months = wholeMonths(this.period.startDay, this.period.endDay);
      const days = sql`select d.unit, d.vals from metric_day_partials d where d.key = ${this.key} and d.day >= cast(${this.period.startDay} as date) and d.day < ${end}`;
      if (!months.length) rows = days;
      else {
        const [from, to] = [sql`cast(${months[0]!} as date)`, sql`cast(${nextMonth(months[months.length - 1]!)} as date)`];
        rows = sql`select m.unit, m.vals from metric_month_partials m where m.key = ${this.key} and m.month >= ${from} and m.month < ${to}
          union all ${days} and (d.day < ${from} or d.day >= ${to})`;
      }
    }
    return { name: this.name, sql: sql`select d.unit, ${sql.join([...partials, ...flags])} from (${rows}) d group by d.unit` };
  }

  refresh(): SummaryRefresh {
    const key = this.key;
    const day = sql`(f.${ident(this.dayColumn)} at time zone 'Asia/Shanghai')::date`;
    // Conditions several partials test are computed once per row.
    const uses = new Map<string, Conjunct & { n: number }>();
    for (const o of this.outputs) for (const c of o.conjuncts) uses.set(c.key, { ...c, n: (uses.get(c.key)?.n ?? 0) + 1 });
    const shared = new Map<string, string>();
    const lateral: Sql[] = [];
    for (const c of uses.values()) {
      if (c.n < 2) continue;
      shared.set(c.key, `a${shared.size}`);
      lateral.push(sql`${c.sql} as ${sql.raw(shared.get(c.key)!)}`);
    }
    const values = sql.join(renderOutputs(this.outputs, shared));
    const source = lateral.length ? sql`${ident(this.table)} f left join lateral (select ${sql.join(lateral)}) a on true` : sql`${ident(this.table)} f`;
    return {
      key,
      table: this.table,
      dayColumn: this.dayColumn,
      byAncestor: false,
      startDay: this.cumulative ? null : this.period.startDay,
      span: sql`select ${day} as x from ${ident(this.table)} f${this.rows ? sql` where ${this.rows}` : sql``}`,
      endDay: this.period.endDay,
      cover: (missing) => missing,
      build: (days) => {
        const { from, to, contiguous } = daySpan(days);
        const column = sql`f.${ident(this.dayColumn)}`;
        const onlyThose = contiguous ? sql`` : sql` and ${day} = any(cast(${daysLiteral(days)} as date[]))`;
        return [
          sql`delete from metric_day_partials where key = ${key} and day = any(cast(${daysLiteral(days)} as date[]))`,
          sql`insert into metric_day_partials (key, day, unit, vals)
          select ${key}, x.day, x.unit, x.vals from (
            select ${this.unitSql} as unit, ${day} as day, cast(array[${values}] as numeric[]) as vals
            from ${source}
            where ${column} >= ${from} and ${column} < ${to}${this.rows ? sql` and ${this.rows}` : sql``}${onlyThose}
            group by 1, 2
          ) x where x.unit is not null`,
        ];
      },
      months: (first) => wholeMonths(first, this.period.endDay),
      buildMonths: (months) => {
        const combined = this.outputs.map((o, i) => sql.raw(`${o.combine}(d.vals[${i + 1}])`));
        const { from, to } = daySpan(monthsOf(months).days);
        const month = sql`date_trunc('month', d.day)::date`;
        return [
          sql`delete from metric_month_partials where key = ${key} and month = any(cast(${daysLiteral(months)} as date[]))`,
          sql`insert into metric_month_partials (key, month, unit, vals)
          select ${key}, ${month}, d.unit, cast(array[${sql.join(combined)}] as numeric[])
          from metric_day_partials d
          where d.key = ${key} and d.day >= cast(${localDayOf(from)} as date) and d.day < cast(${localDayOf(to)} as date) and ${month} = any(cast(${daysLiteral(months)} as date[]))
          group by 2, 3`,
        ];
      },
    };
  }
}

/** The first day of each month of `days`, and every day of those months. */
function monthsOf(days: readonly string[]): { months: string[]; days: string[] } {
  const months = [...new Set(days.map((d) => `${d.slice(0, 7)}-01`))].sort();
  const all: string[] = [];
  for (const month of months) {
    const first = new Date(`${month}T00:00:00Z`);
    for (let d = first; d.getUTCMonth() === first.getUTCMonth(); d = new Date(d.getTime() + DAY_MS)) all.push(d.toISOString().slice(0, 10));
  }
  return { months, days: all };
}

/**
 * Monthly distinct counts per ancestor unit (monthly active users): one row per month and
 * ancestor, a count per metric. Distinct counts add up neither over days nor over units, so a
 * month is recomputed whole when any of its days was forgotten, and the hierarchy is part of
 * what it depends on. The plan's period must be whole months.
 */
export class AncestorMonthSummary {
  private readonly keyValue: string;

  constructor(
    readonly name: string,
    readonly table: string,
    readonly dayColumn: string,
    /** What the counts depend on besides the months (rendered into the key). */
    identity: Record<string, Sql | string>,
    /** `select unit, day (the month's first day), vals` over the fact rows in [from, to) of the given months. */
    private readonly perMonth: (from: Date, to: Date, months: string) => Sql,
    private readonly counts: number,
    private readonly period: PeriodBounds,
  ) {
    const rendered = Object.fromEntries(Object.entries(identity).map(([k, v]) => [k, typeof v === 'string' ? v : render(v)]));
    this.keyValue = createHash('sha256').update(JSON.stringify({ version: 1, kind: 'ancestor-month', table: table, day: dayColumn, ...rendered })).digest('hex').slice(0, 32);
  }

  get key(): string {
    return this.keyValue;
  }

  /** One row per ancestor: each metric's monthly counts added up over the period's months (column n0, n1, …). */
  relation(): Sql {
    const sums = Array.from({ length: this.counts }, (_, i) => sql.raw(`sum(d.vals[${i + 1}]) as n${i}`));
    return sql`select d.unit, ${sql.join(sums)} from metric_day_partials d where d.key = ${this.key} and d.day >= cast(${this.period.startDay} as date) and d.day < cast(${this.period.endDay} as date) group by d.unit`;
  }

  refresh(): SummaryRefresh {
    const key = this.key;
    return {
      key,
      table: this.table,
      dayColumn: this.dayColumn,
      byAncestor: true,
      startDay: this.period.startDay,
      span: sql`select (f.${ident(this.dayColumn)} at time zone 'Asia/Shanghai')::date as x from ${ident(this.table)} f`,
      endDay: this.period.endDay,
      cover: (missing) => monthsOf(missing).days,
      build: (days) => {
        const whole = monthsOf(days);
        const months = whole.months;
        const { from, to } = daySpan(whole.days);
        return [
          sql`delete from metric_day_partials where key = ${key} and day = any(cast(${daysLiteral(months)} as date[]))`,
          sql`insert into metric_day_partials (key, day, unit, vals) select ${key}, x.day, x.unit, x.vals from (${this.perMonth(from, to, daysLiteral(months))}) x`,
        ];
      },
      // Its rows are already one per month.
      months: () => [],
      buildMonths: () => [],
    };
  }
}

const DEADLOCK = '40P01';
const YEARS_BACK = 3;

/**
 * The days a summary's first use computes besides its period's: the table's days up to the
 * later of today and the period's last day (a record stamped far in the future is left to the
 * evaluation that needs it), from its first day for a cumulative summary, else at most three
 * years before the period's end.
 */
function firstUseDays(first: string, last: string, refresh: SummaryRefresh): string[] {
  const today = new Date(Date.now() + BEIJING_MS).toISOString().slice(0, 10);
  const periodLast = new Date(new Date(`${refresh.endDay}T00:00:00Z`).getTime() - DAY_MS).toISOString().slice(0, 10);
  const cap = today > periodLast ? today : periodLast;
  const back = `${Number(refresh.endDay.slice(0, 4)) - YEARS_BACK}${refresh.endDay.slice(4)}`;
  const from = refresh.startDay === null || first > back ? first : back;
  const to = last < cap ? last : cap;
  const days: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d.toISOString().slice(0, 10) <= to; d = new Date(d.getTime() + DAY_MS)) days.push(d.toISOString().slice(0, 10));
  return days;
}

/**
 * Brings a summary up to date for its period: the days it does not hold (never computed, or
 * forgotten by a write since) are computed from the fact rows. Returns how many days it computed.
 * Checks first without a lock, which is all an evaluation of settled data needs.
 */
export async function refreshSummary<DB>(db: Kysely<DB>, refresh: SummaryRefresh): Promise<number> {
  /** The first day the summary must hold: the period's, or a cumulative summary's recorded first day (null: not recorded yet). */
  const startDay = async (conn: Kysely<DB>) => {
    if (refresh.startDay !== null) return refresh.startDay;
    const recorded = await sql<{ day: string | null }>`select to_char(first_day, 'YYYY-MM-DD') as day from metric_summaries where key = ${refresh.key}`.execute(conn);
    return recorded.rows[0]?.day ?? null;
  };
  const missingDays = async (conn: Kysely<DB>, start: string) => {
    const result = await sql<{ day: string }>`
      select to_char(g.d, 'YYYY-MM-DD') as day
      from generate_series(cast(${start} as date), cast(${refresh.endDay} as date) - 1, interval '1 day') g(d)
      where not exists (select 1 from metric_summary_days s where s.key = ${refresh.key} and s.day = cast(g.d as date))`.execute(conn);
    return result.rows.map((r) => r.day);
  };
  /** The whole months the relation reads from month partials that are not held (built or forgotten since). */
  const missingMonths = async (conn: Kysely<DB>, start: string) => {
    const months = refresh.months(start);
    if (!months.length) return [];
    const result = await sql<{ month: string }>`
      select to_char(m, 'YYYY-MM-DD') as month from unnest(cast(${daysLiteral(months)} as date[])) m
      where not exists (select 1 from metric_summary_months s where s.key = ${refresh.key} and s.month = m)`.execute(conn);
    return result.rows.map((r) => r.month);
  };
  const known = await startDay(db);
  if (known !== null && !(await missingDays(db, known)).length && !(await missingMonths(db, known)).length) return 0;
  const run = async (trx: Kysely<DB>) => {
    await sql`lock table ${ident(refresh.table)} in share row exclusive mode`.execute(trx);
    if (refresh.byAncestor) await sql`lock table org_unit_closure in share row exclusive mode`.execute(trx);
    const exists = await sql`select 1 from metric_summaries where key = ${refresh.key}`.execute(trx);
    let start = await startDay(trx);
    let firstUse: string[] = [];
    if (!exists.rows.length) {
      await sql`insert into metric_summaries (key, source_table, day_column, by_ancestor) values (${refresh.key}, ${refresh.table}, ${refresh.dayColumn}, ${refresh.byAncestor})`.execute(trx);
      // First use: every day of the table up to today (or the period's end) in one read, so that
      // evaluations of other periods find theirs. A cumulative summary starts at the table's first
      // day (an empty table: the period's end, moved back by the first write of an earlier day).
      const span = (await sql<{ first: string | null; last: string | null }>`select to_char(min(s.x), 'YYYY-MM-DD') as first, to_char(max(s.x), 'YYYY-MM-DD') as last from (${refresh.span}) s`.execute(trx)).rows[0];
      if (refresh.startDay === null) {
        start = span?.first ?? refresh.endDay;
        await sql`update metric_summaries set first_day = cast(${start} as date) where key = ${refresh.key}`.execute(trx);
      }
      if (span?.first && span.last) firstUse = firstUseDays(span.first, span.last, refresh);
    }
    const missing = [...new Set([...(await missingDays(trx, start!)), ...firstUse])];
    const covered = missing.length ? refresh.cover(missing) : [];
    if (covered.length) {
      for (const statement of refresh.build(covered)) await statement.execute(trx);
      await sql`insert into metric_summary_days (key, day) select ${refresh.key}, d from unnest(cast(${daysLiteral(covered)} as date[])) d on conflict do nothing`.execute(trx);
    }
    // Months from their days, now all held (and none forgotten before commit: writes wait for the lock).
    const months = await missingMonths(trx, start!);
    if (months.length) {
      for (const statement of refresh.buildMonths(months)) await statement.execute(trx);
      await sql`insert into metric_summary_months (key, month) select ${refresh.key}, m from unnest(cast(${daysLiteral(months)} as date[])) m on conflict do nothing`.execute(trx);
    }
    return covered.length;
  };
  if (db.isTransaction) return run(db);
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(async (trx) => {
        await sql`set local jit = off`.execute(trx);
        return run(trx);
      });
    } catch (error) {
      // A writer of this table waiting on a lock the refresh's transaction needs: PostgreSQL aborts one of the two.
      if (attempt < 3 && (error as { code?: unknown }).code === DEADLOCK) continue;
      throw error;
    }
  }
}
