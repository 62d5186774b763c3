// Working-day arithmetic for statutory and promised limits (承诺时限, 法定时限), in China
// Standard Time (UTC+8, no daylight saving). Holidays and make-up working days (调休) come
// from a maintained calendar package, never from a hand-kept table.
// The package is CommonJS: Node offers only its default export to ESM importers.
import chineseDays from 'chinese-days';

/** Tells whether a calendar date (YYYY-MM-DD, local) is a working day. */
export interface WorkCalendar {
  isWorkday(date: string): boolean;
}

/** The national calendar: weekends and public holidays off, 调休 Saturdays and Sundays on. */
export const CHINA_WORK_CALENDAR: WorkCalendar = { isWorkday: (date) => chineseDays.isWorkday(date) };

const OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/** The local (UTC+8) calendar date of an instant, as YYYY-MM-DD. */
export function localDate(instant: Date): string {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** Local midnight (00:00 UTC+8) at the start of a YYYY-MM-DD date. */
export function localMidnight(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - OFFSET_MS);
}

/** A guard against calendars with no working day at all (and runaway loops). */
const MAX_SCAN_DAYS = 3660;

/** Days since 1970-01-01 in local (UTC+8) time: day arithmetic without Date objects. */
const localDay = (instant: Date) => Math.floor((instant.getTime() + OFFSET_MS) / DAY_MS);
const dayString = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** Per calendar, its answers by local day number (a calendar is asked about few distinct days). */
const answers = new WeakMap<WorkCalendar, Map<number, boolean>>();

/** Whether local day number `day` (days since 1970-01-01, UTC+8) is a working day; answers are cached per calendar. */
export function isWorkingDay(calendar: WorkCalendar, day: number): boolean {
  let known = answers.get(calendar);
  if (!known) answers.set(calendar, (known = new Map()));
  let answer = known.get(day);
  if (answer === undefined) known.set(day, (answer = calendar.isWorkday(dayString(day))));
  return answer;
}

/**
 * The deadline of "N working days from `start`": counting starts the working day after the
 * start date, and the limit ends at local midnight after the Nth working day. N = 0 means the
 * end of the start date itself (即办件: the same day).
 */
export function workingDayDeadline(start: Date, days: number, calendar: WorkCalendar = CHINA_WORK_CALENDAR): Date {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a whole number ≥ 0, got ${days}`);
  let day = localDay(start);
  let counted = 0;
  for (let scanned = 0; counted < days; scanned++) {
    if (scanned > MAX_SCAN_DAYS) throw new RangeError('no working day found within ten years: check the calendar');
    day++;
    if (isWorkingDay(calendar, day)) counted++;
  }
  return new Date((day + 1) * DAY_MS - OFFSET_MS);
}

/**
 * Working days elapsed from `start` to `end`: the working days after the start date up to and
 * including the end date. Finishing on the start date is 0; finishing on the next working day
 * is 1. A case finished on a working day is on time for an N-day limit exactly when
 * elapsed ≤ N; one finished on a rest day after its deadline is late although its elapsed
 * count does not grow over the weekend — so "on time" is always judged against
 * `workingDayDeadline`, and this count only describes how long a case took.
 */
export function workingDaysElapsed(start: Date, end: Date, calendar: WorkCalendar = CHINA_WORK_CALENDAR): number {
  const last = localDay(end);
  let day = localDay(start);
  if (last - day > MAX_SCAN_DAYS) throw new RangeError('the interval spans more than ten years');
  let count = 0;
  while (day < last) {
    day++;
    if (isWorkingDay(calendar, day)) count++;
  }
  return count;
}
