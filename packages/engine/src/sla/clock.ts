// SLA clocks for work orders in China Standard Time (UTC+8). Instants are UTC; days, office
// hours and the calendar are local. Every kind of clock is the same machine: a set of
// "counting windows" (all time; office hours on working days; whole working days after the
// start date), minus the pauses. Consumed time is the measure of that set up to `now`; the
// deadline is the first instant at which it reaches the limit. So a pause subtracts exactly
// the clock time it covers — and nothing when the clock was not running anyway (a pause over a
// weekend costs a working-hours clock nothing). Rules: docs/sla-and-priority.md.
import { DEFAULT_OFFICE_HOURS, OfficeHoursSchema, minutesOfDay, type OfficeHoursRange, type SlaClockUnit, type SlaLimit } from '@govperf/contracts';
import { CHINA_WORK_CALENDAR, isWorkingDay, type WorkCalendar } from '../calendar/working-days';

const HOUR_MS = 3600 * 1000;
const DAY_MS = 24 * HOUR_MS;
const OFFSET_MS = 8 * HOUR_MS;
const MINUTE_MS = 60 * 1000;
/** A guard against calendars without working days (and runaway loops): ten years of days. */
const MAX_SCAN_DAYS = 3660;

/** Waiting for the citizen (等待群众补充材料): the clock stops from `from` until `to`; no `to` = still waiting. */
export interface SlaPause {
  from: Date;
  to?: Date | null;
}

export interface SlaClockOptions {
  /** Default: the national calendar (holidays and 调休 make-up working days). */
  calendar?: WorkCalendar;
  /** Default: 09:00–12:00 and 13:30–17:30; only used by `working_hours` clocks. */
  officeHours?: readonly OfficeHoursRange[];
  /** Closed pauses and at most one open one (the latest); they must not overlap. */
  pauses?: readonly SlaPause[];
}

/** A half-open interval [from, to) of epoch milliseconds; `to` may be Infinity. */
interface Span {
  from: number;
  to: number;
}

/** The length of a limit in milliseconds of its own clock (a working day counts 24 h of working-day time). */
export function slaLimitMs(limit: SlaLimit): number {
  if (!Number.isFinite(limit.amount) || limit.amount <= 0) throw new RangeError(`an SLA limit must be a positive amount, got ${limit.amount}`);
  if (limit.unit === 'working_days') {
    if (!Number.isInteger(limit.amount)) throw new RangeError(`a working_days limit must be a whole number of days, got ${limit.amount}`);
    return limit.amount * DAY_MS;
  }
  if (limit.unit === 'hours' || limit.unit === 'working_hours') return limit.amount * HOUR_MS;
  throw new RangeError(`unknown SLA clock unit ${String(limit.unit)}`);
}

const localDay = (ms: number) => Math.floor((ms + OFFSET_MS) / DAY_MS);
const dayStart = (day: number) => day * DAY_MS - OFFSET_MS;
/** Office hours as minute ranges, validated once per array. */
const parsedOfficeHours = new WeakMap<readonly OfficeHoursRange[], readonly [number, number][]>();
function officeMinutes(ranges: readonly OfficeHoursRange[]): readonly [number, number][] {
  let minutes = parsedOfficeHours.get(ranges);
  if (!minutes) {
    const result = OfficeHoursSchema.safeParse(ranges);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      throw new RangeError(`invalid office hours at officeHours${issue.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('')}: ${issue.message}`);
    }
    minutes = result.data.map((range) => [minutesOfDay(range.from), minutesOfDay(range.to)] as [number, number]);
    parsedOfficeHours.set(ranges, minutes);
  }
  return minutes;
}

function checkInstant(value: Date, what: string): number {
  const ms = value instanceof Date ? value.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${what} is not a valid instant`);
  return ms;
}

/**
 * The pauses as sorted, disjoint spans. Rejects a pause that ends before it begins, begins
 * before the clock starts, or overlaps another (an open pause overlaps anything after it).
 * Pauses may touch; a zero-length pause changes nothing.
 */
function pauseSpans(startMs: number, pauses: readonly SlaPause[]): Span[] {
  const spans = pauses.map((pause, index) => {
    const name = `pause ${index + 1}`;
    const from = checkInstant(pause.from, `${name}'s start`);
    const to = pause.to === undefined || pause.to === null ? Number.POSITIVE_INFINITY : checkInstant(pause.to, `${name}'s end`);
    if (to < from) throw new RangeError(`${name} ends (${new Date(to).toISOString()}) before it starts (${new Date(from).toISOString()})`);
    if (from < startMs) throw new RangeError(`${name} starts (${new Date(from).toISOString()}) before the clock starts (${new Date(startMs).toISOString()})`);
    return { from, to, name };
  });
  spans.sort((a, b) => a.from - b.from || a.to - b.to);
  for (let i = 1; i < spans.length; i++) {
    const previous = spans[i - 1]!;
    const span = spans[i]!;
    if (span.from < previous.to) {
      const previousEnd = Number.isFinite(previous.to) ? `ends ${new Date(previous.to).toISOString()}` : 'is still open';
      throw new RangeError(`${span.name} (from ${new Date(span.from).toISOString()}) overlaps ${previous.name}, which ${previousEnd}: pauses must not overlap and only the latest may be open`);
    }
  }
  return spans.map(({ from, to }) => ({ from, to }));
}

/** The clock's counting windows from `startMs` on, in order, clipped to start at `startMs` or later. */
function* countingWindows(unit: SlaClockUnit, startMs: number, calendar: WorkCalendar, officeHours: readonly OfficeHoursRange[]): Generator<Span> {
  if (unit === 'hours') {
    yield { from: startMs, to: Number.POSITIVE_INFINITY };
    return;
  }
  const minutes = unit === 'working_hours' ? officeMinutes(officeHours) : null;
  // A working-days clock starts counting on the working day after the start date.
  let day = localDay(startMs) + (unit === 'working_days' ? 1 : 0);
  for (let idle = 0; ; day++) {
    if (idle++ > MAX_SCAN_DAYS) throw new RangeError('no working time found within ten years: check the calendar and office hours');
    if (!isWorkingDay(calendar, day)) continue;
    const midnight = dayStart(day);
    if (minutes === null) {
      idle = 0;
      yield { from: Math.max(midnight, startMs), to: midnight + DAY_MS };
      continue;
    }
    for (const [fromMinute, toMinute] of minutes) {
      const to = midnight + toMinute * MINUTE_MS;
      if (to <= startMs) continue;
      idle = 0;
      yield { from: Math.max(midnight + fromMinute * MINUTE_MS, startMs), to };
    }
  }
}

/** The counting windows with the pauses cut out: the spans in which the clock runs. */
function* runningSpans(windows: Iterable<Span>, pauses: readonly Span[]): Generator<Span> {
  let next = 0;
  for (const window of windows) {
    let from = window.from;
    while (from < window.to) {
      while (next < pauses.length && pauses[next]!.to <= from) next++;
      const pause = pauses[next];
      if (!pause || pause.from >= window.to) {
        yield { from, to: window.to };
        break;
      }
      if (pause.from > from) yield { from, to: pause.from };
      from = pause.to;
    }
    // An open pause: the clock never runs again.
    if (from === Number.POSITIVE_INFINITY) return;
  }
}

interface ClockSetup {
  startMs: number;
  unit: SlaClockUnit;
  calendar: WorkCalendar;
  officeHours: readonly OfficeHoursRange[];
  pauses: Span[];
}

function setup(start: Date, unit: SlaClockUnit, options: SlaClockOptions): ClockSetup {
  const startMs = checkInstant(start, 'the start');
  return {
    startMs,
    unit,
    calendar: options.calendar ?? CHINA_WORK_CALENDAR,
    officeHours: options.officeHours ?? DEFAULT_OFFICE_HOURS,
    pauses: pauseSpans(startMs, options.pauses ?? []),
  };
}

/** Clock time run in [start, now). */
function consumedMs(clock: ClockSetup, nowMs: number): number {
  let total = 0;
  if (nowMs <= clock.startMs) return 0;
  for (const span of runningSpans(countingWindows(clock.unit, clock.startMs, clock.calendar, clock.officeHours), clock.pauses)) {
    if (span.from >= nowMs) break;
    total += Math.min(span.to, nowMs) - span.from;
  }
  return total;
}

/**
 * The first instant at which the clock has run `targetMs`, or null when an open pause stops it
 * first. Rounded up to a whole millisecond, so the clock has always run at least `targetMs`.
 */
function instantAfter(clock: ClockSetup, targetMs: number): number | null {
  let total = 0;
  for (const span of runningSpans(countingWindows(clock.unit, clock.startMs, clock.calendar, clock.officeHours), clock.pauses)) {
    const length = span.to - span.from;
    if (total + length >= targetMs) return Math.ceil(span.from + (targetMs - total));
    total += length;
  }
  return null;
}

/** @internal for status.ts: the clock machinery without re-validating per question. */
export const clockInternals = { setup, consumedMs, instantAfter, pauseSpans };

/**
 * When a limit falls due: the first instant at which the clock has run the whole limit. Null
 * while an open pause holds the clock and the limit was not reached before it began.
 * Without pauses a `working_days` deadline equals `workingDayDeadline(start, amount)`.
 */
export function slaDeadline(start: Date, limit: SlaLimit, options: SlaClockOptions = {}): Date | null {
  const limitMs = slaLimitMs(limit);
  const at = instantAfter(setup(start, limit.unit, options), limitMs);
  return at === null ? null : new Date(at);
}

/** Clock time used from `start` to `now`, in milliseconds of the clock's kind (0 before the start). */
export function slaConsumed(start: Date, now: Date, unit: SlaClockUnit, options: SlaClockOptions = {}): number {
  return consumedMs(setup(start, unit, options), checkInstant(now, 'now'));
}
