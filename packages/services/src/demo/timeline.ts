// The demo's time frame: the 12 calendar months ending with the month before `now` (Beijing
// time), with day weights that give the data a believable rhythm — working days busy, weekends
// quiet in the halls but not on the phone, 春节 very quiet (and the week after it slow), the
// September school start and the year-end rush — and time-of-day profiles per channel.
import { periodRange } from '@govperf/contracts';
import type { DemoCalendar } from './calendar';
import { dayOf, midnightOf } from './csv';
import { cumulative, pickIndex, type Rng } from './random';

export interface Month {
  index: number;
  period: string;
  /** Calendar month 1–12. */
  calendarMonth: number;
  startMs: number;
  endMs: number;
  startDay: number;
  /** First day after the month. */
  endDay: number;
  workdays: number;
  /** Day picking for counters (halls) and for online channels. */
  hallDays: Float64Array;
  onlineDays: Float64Array;
  /** Working days only (back-office work). */
  workDays: Float64Array;
  /** Volume factor of the month (season × working days). */
  volume: number;
}

/** Overall seasonality by calendar month (January first): 春节 in Jan/Feb, 开学 in September, year-end. */
const MONTH_FACTOR = [1.02, 0.8, 1.05, 1.0, 0.97, 1.0, 1.03, 1.02, 1.15, 0.92, 1.0, 1.18];

export interface Timeline {
  now: number;
  months: Month[];
  periods: string[];
  windowStart: number;
  windowEnd: number;
  /** Picks a day of a month for a channel class. */
  day(rng: Rng, month: Month, hall: boolean): number;
  /** Picks a working day of a month (weighted like the halls). */
  workday(rng: Rng, month: Month): number;
  /** Seconds after local midnight for a channel class (office hours or online use). */
  second(rng: Rng, office: boolean): number;
  /** The 春节 holiday days (for the report and tests). */
  springFestival: Set<number>;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** The 12 months before `now`'s month, in Beijing time. */
export function demoPeriods(now: Date): string[] {
  const local = new Date(now.getTime() + 8 * 3600 * 1000);
  let year = local.getUTCFullYear();
  let month = local.getUTCMonth() + 1;
  const out: string[] = [];
  for (let i = 0; i < 12; i++) {
    month -= 1;
    if (month === 0) {
      month = 12;
      year -= 1;
    }
    out.unshift(`${year}-${pad2(month)}`);
  }
  return out;
}

/** Office hours (08:45–12:00, 13:30–17:15) and online use (peaks at 10:00, 15:00, 21:00). */
function minuteProfiles(): { office: Float64Array; online: Float64Array } {
  const office: number[] = [];
  const online: number[] = [];
  for (let m = 0; m < 1440; m++) {
    const h = m / 60;
    const inOffice = (h >= 8.75 && h < 12) || (h >= 13.5 && h < 17.25);
    office.push(inOffice ? 1 + 0.6 * Math.exp(-((h - 9.8) ** 2) / 1.5) + 0.4 * Math.exp(-((h - 14.8) ** 2) / 1.2) : 0);
    const base = h < 6 ? 0.04 : h < 7.5 ? 0.2 : 0.5;
    online.push(base + Math.exp(-((h - 10) ** 2) / 3) + 0.8 * Math.exp(-((h - 15) ** 2) / 3) + 0.9 * Math.exp(-((h - 21) ** 2) / 2.5));
  }
  return { office: cumulative(office), online: cumulative(online) };
}

export function buildTimeline(now: Date, calendar: DemoCalendar): Timeline {
  const periods = demoPeriods(now);
  const first = periodRange(periods[0]!);
  const last = periodRange(periods[11]!);
  const startDay = dayOf(first.start.getTime());
  const endDay = dayOf(last.end.getTime());

  // 春节: the longest run of rest days in January/February (≥ 7 days), per year.
  const springFestival = new Set<number>();
  for (let d = startDay - 40; d < endDay + 40; d++) {
    if (calendar.isWorkday(d)) continue;
    let run = d;
    while (!calendar.isWorkday(run + 1)) run++;
    const month = new Date(d * 86_400_000).getUTCMonth() + 1;
    if (run - d + 1 >= 7 && month <= 2) for (let x = d; x <= run; x++) springFestival.add(x);
    d = run;
  }
  const nearFestival = (d: number) => {
    for (let k = 1; k <= 7; k++) if (springFestival.has(d - k)) return 0.6; // the slow week after
    for (let k = 1; k <= 4; k++) if (springFestival.has(d + k)) return 0.85; // the days before
    return 1;
  };

  const months: Month[] = periods.map((period, index) => {
    const r = periodRange(period);
    const s = dayOf(r.start.getTime());
    const e = dayOf(r.end.getTime());
    const hall: number[] = [];
    const online: number[] = [];
    const work: number[] = [];
    let workdays = 0;
    let weight = 0;
    for (let d = s; d < e; d++) {
      const isWork = calendar.isWorkday(d);
      if (isWork) workdays++;
      const festival = springFestival.has(d);
      const dow = new Date(d * 86_400_000).getUTCDay(); // 0 Sunday
      const f = nearFestival(d);
      // Halls: working days, a little Saturday-morning service (周末不打烊), closed for holidays.
      hall.push(isWork ? f * (dow === 1 ? 1.12 : dow === 5 ? 0.92 : 1) : festival ? 0.005 : dow === 6 ? 0.07 : 0.03);
      work.push(isWork ? f : 0);
      // Online: busy on working days, half on weekends, quiet during 春节.
      online.push(isWork ? f : festival ? 0.12 : 0.45);
      weight += isWork ? f : festival ? 0.05 : 0.3;
    }
    const calendarMonth = Number(period.slice(5, 7));
    return {
      index,
      period,
      calendarMonth,
      startMs: midnightOf(s),
      endMs: midnightOf(e),
      startDay: s,
      endDay: e,
      workdays,
      hallDays: cumulative(hall),
      onlineDays: cumulative(online),
      workDays: cumulative(work),
      volume: (MONTH_FACTOR[calendarMonth - 1] ?? 1) * (weight / 21),
    };
  });

  const minutes = minuteProfiles();
  return {
    now: now.getTime(),
    months,
    periods,
    windowStart: midnightOf(startDay),
    windowEnd: midnightOf(endDay),
    day: (rng, month, hall) => month.startDay + pickIndex(rng, hall ? month.hallDays : month.onlineDays),
    workday: (rng, month) => month.startDay + pickIndex(rng, month.workDays),
    second: (rng, office) => pickIndex(rng, office ? minutes.office : minutes.online) * 60 + Math.floor(rng() * 60),
    springFestival,
  };
}
