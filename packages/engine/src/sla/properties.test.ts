// Properties of the SLA clock on random starts, limits and pauses, on the national calendar
// (2025–2026, where chinese-days has the State Council's data) and on a plain Mon–Fri calendar.
import fc from 'fast-check';
import type { SlaLimit } from '@govperf/contracts';
import { describe, expect, it } from 'vitest';
import { CHINA_WORK_CALENDAR, workingDayDeadline, type WorkCalendar } from '../calendar/working-days';
import { slaConsumed, slaDeadline, slaLimitMs, type SlaPause } from './clock';
import { slaStatus } from './status';

const MINUTE = 60_000;
const FIRST = Date.parse('2025-01-01T00:00:00+08:00');
/** Starts up to the end of October 2026, so that deadlines stay within the published data. */
const LAST_START_MINUTES = (Date.parse('2026-10-31T00:00:00+08:00') - FIRST) / MINUTE;
const weekdays: WorkCalendar = { isWorkday: (date) => ![0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay()) };

const limitArb: fc.Arbitrary<SlaLimit> = fc.oneof(
  fc.integer({ min: 1, max: 100 }).map((amount) => ({ amount, unit: 'hours' as const })),
  fc.integer({ min: 1, max: 60 }).map((amount) => ({ amount, unit: 'working_hours' as const })),
  fc.integer({ min: 1, max: 20 }).map((amount) => ({ amount, unit: 'working_days' as const })),
);
const startArb = fc.integer({ min: 0, max: LAST_START_MINUTES }).map((minutes) => new Date(FIRST + minutes * MINUTE));
/** Up to three closed pauses as (gap before, length) in minutes, laid end to end after the start. */
const pausesArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 3 * 1440 }), fc.integer({ min: 0, max: 2 * 1440 })), { maxLength: 3 });
const calendarArb = fc.constantFrom(CHINA_WORK_CALENDAR, weekdays);

function layPauses(start: Date, shape: readonly [number, number][]): SlaPause[] {
  let cursor = start.getTime();
  return shape.map(([gap, length]) => {
    const from = cursor + gap * MINUTE;
    cursor = from + length * MINUTE;
    return { from: new Date(from), to: new Date(cursor) };
  });
}

const RUNS = { numRuns: 300 };

describe('SLA clock properties', () => {
  it('the deadline is the first instant at which the whole limit is consumed', () => {
    fc.assert(
      fc.property(startArb, limitArb, pausesArb, calendarArb, (start, limit, shape, calendar) => {
        const options = { calendar, pauses: layPauses(start, shape) };
        const deadline = slaDeadline(start, limit, options)!;
        expect(slaConsumed(start, deadline, limit.unit, options)).toBe(slaLimitMs(limit));
        expect(slaConsumed(start, new Date(deadline.getTime() - 1), limit.unit, options)).toBeLessThan(slaLimitMs(limit));
      }),
      RUNS,
    );
  });

  it('deadlines grow with the amount, and a pause never brings one forward', () => {
    fc.assert(
      fc.property(startArb, limitArb, pausesArb, calendarArb, (start, limit, shape, calendar) => {
        const pauses = layPauses(start, shape);
        const deadline = slaDeadline(start, limit, { calendar, pauses })!;
        const longer = slaDeadline(start, { ...limit, amount: limit.amount + 1 }, { calendar, pauses })!;
        expect(longer.getTime()).toBeGreaterThan(deadline.getTime());
        const unpaused = slaDeadline(start, limit, { calendar })!;
        expect(deadline.getTime()).toBeGreaterThanOrEqual(unpaused.getTime());
      }),
      RUNS,
    );
  });

  it('without pauses a working_days deadline is workingDayDeadline', () => {
    fc.assert(
      fc.property(startArb, fc.integer({ min: 1, max: 30 }), calendarArb, (start, days, calendar) => {
        expect(slaDeadline(start, { amount: days, unit: 'working_days' }, { calendar })!.getTime()).toBe(workingDayDeadline(start, days, calendar).getTime());
      }),
      RUNS,
    );
  });

  it('consumed time never decreases and never runs faster than real time', () => {
    fc.assert(
      fc.property(startArb, limitArb, pausesArb, fc.integer({ min: 0, max: 20 * 1440 }), fc.integer({ min: 0, max: 5 * 1440 }), (start, limit, shape, first, more) => {
        const options = { pauses: layPauses(start, shape) };
        const earlier = new Date(start.getTime() + first * MINUTE);
        const later = new Date(earlier.getTime() + more * MINUTE);
        const a = slaConsumed(start, earlier, limit.unit, options);
        const b = slaConsumed(start, later, limit.unit, options);
        expect(b).toBeGreaterThanOrEqual(a);
        expect(b - a).toBeLessThanOrEqual(later.getTime() - earlier.getTime());
      }),
      RUNS,
    );
  });

  it('the status is overdue exactly from the deadline on', () => {
    fc.assert(
      fc.property(startArb, limitArb, pausesArb, fc.integer({ min: 0, max: 30 * 1440 }), (start, limit, shape, after) => {
        const pauses = layPauses(start, shape);
        const now = new Date(start.getTime() + after * MINUTE);
        const status = slaStatus(start, now, limit, { pauses });
        expect(status.deadline.getTime()).toBe(slaDeadline(start, limit, { pauses })!.getTime());
        expect(status.state === 'overdue').toBe(now.getTime() >= status.deadline.getTime());
        expect(status.consumedMs + status.remainingMs - status.overdueMs).toBe(status.limitMs);
      }),
      RUNS,
    );
  });
});
