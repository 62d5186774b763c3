// The national working-day calendar for the demo, on local day indices (days since 1970-01-01
// in UTC+8). Derived fields are filled exactly as the ingestion service fills them — with the
// engine's workingDayDeadline and workingDaysElapsed — but memoised per (day, n), because a
// deadline depends only on the local date of its start and a million cases share a few hundred
// dates.
import { CHINA_WORK_CALENDAR, workingDayDeadline, workingDaysElapsed } from '@govperf/engine';
import { dayOf, dayText, midnightOf } from './csv';

export class DemoCalendar {
  readonly #work = new Map<number, boolean>();
  readonly #deadlines = new Map<number, number>();
  readonly #elapsed = new Map<number, number>();

  isWorkday(day: number): boolean {
    let w = this.#work.get(day);
    if (w === undefined) {
      w = CHINA_WORK_CALENDAR.isWorkday(dayText(day));
      this.#work.set(day, w);
    }
    return w;
  }

  /** The working day `n` working days after `day` (n = 0: `day` itself). */
  nthWorkdayAfter(day: number, n: number): number {
    let d = day;
    for (let counted = 0; counted < n; ) {
      d++;
      if (this.isWorkday(d)) counted++;
    }
    return d;
  }

  /** `day` if it is a working day, else the next working day. */
  workdayFrom(day: number): number {
    let d = day;
    while (!this.isWorkday(d)) d++;
    return d;
  }

  /** workingDayDeadline(start, days) in epoch ms (memoised by local date). */
  deadline(startMs: number, days: number): number {
    const day = dayOf(startMs);
    const key = day * 1024 + days;
    let v = this.#deadlines.get(key);
    if (v === undefined) {
      v = workingDayDeadline(new Date(midnightOf(day)), days).getTime();
      this.#deadlines.set(key, v);
    }
    return v;
  }

  /** workingDaysElapsed(start, end) (memoised by the two local dates). */
  elapsed(startMs: number, endMs: number): number {
    const a = dayOf(startMs);
    const b = dayOf(endMs);
    if (b <= a) return 0;
    const key = a * 100_000 + b;
    let v = this.#elapsed.get(key);
    if (v === undefined) {
      v = workingDaysElapsed(new Date(midnightOf(a)), new Date(midnightOf(b)));
      this.#elapsed.set(key, v);
    }
    return v;
  }
}
