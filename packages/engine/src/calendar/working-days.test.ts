import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localDate, workingDayDeadline, workingDaysElapsed, type WorkCalendar } from './working-days';

const at = (iso: string) => new Date(iso);

describe('working-day deadlines, worked by hand on the national calendar', () => {
  it('skips the National Day holiday 2025 and counts the make-up Saturday', () => {
    // Accepted Tue 30 Sep 2025. 1–8 Oct are holidays; Thu 9, Fri 10 and the make-up Sat 11 Oct
    // are working days 1, 2 and 3. Deadline: midnight after Sat 11 Oct.
    expect(workingDayDeadline(at('2025-09-30T10:00:00+08:00'), 3).toISOString()).toBe('2025-10-11T16:00:00.000Z');
    // The make-up Sunday 28 Sep 2025 is a working day: accepted Fri 26 Sep, 1 day → Sun 28 Sep.
    expect(workingDayDeadline(at('2025-09-26T09:00:00+08:00'), 1).toISOString()).toBe('2025-09-28T16:00:00.000Z');
  });

  it('skips the Spring Festival 2026 and counts the make-up Saturdays 14 and 28 Feb', () => {
    // Accepted Fri 13 Feb 2026: Sat 14 Feb is a make-up working day (1); 15–23 Feb are the
    // holiday; Tue 24 Feb is working day 2.
    expect(workingDayDeadline(at('2026-02-13T15:30:00+08:00'), 2).toISOString()).toBe('2026-02-24T16:00:00.000Z');
    // Accepted Fri 27 Feb 2026: Sat 28 Feb (make-up) is day 1, Mon 2 Mar day 2.
    expect(workingDayDeadline(at('2026-02-27T11:00:00+08:00'), 2).toISOString()).toBe('2026-03-02T16:00:00.000Z');
  });

  it('an ordinary week: weekends do not count; 0 days means the same day', () => {
    // Accepted Thu 6 Nov 2025, 5 working days: Fri 7, Mon 10, Tue 11, Wed 12, Thu 13.
    expect(workingDayDeadline(at('2025-11-06T17:00:00+08:00'), 5).toISOString()).toBe('2025-11-13T16:00:00.000Z');
    expect(workingDayDeadline(at('2025-11-06T17:00:00+08:00'), 0).toISOString()).toBe('2025-11-06T16:00:00.000Z');
  });

  it('uses the local (UTC+8) date: 23:30 UTC on 5 Nov is already Thu 6 Nov in Beijing', () => {
    expect(localDate(at('2025-11-05T23:30:00Z'))).toBe('2025-11-06');
    expect(workingDayDeadline(at('2025-11-05T23:30:00Z'), 1).toISOString()).toBe('2025-11-07T16:00:00.000Z');
  });

  it('counts elapsed working days the same way', () => {
    // 30 Sep → 11 Oct 2025: 9, 10, 11 Oct → 3; finishing the same day → 0.
    expect(workingDaysElapsed(at('2025-09-30T10:00:00+08:00'), at('2025-10-11T18:00:00+08:00'))).toBe(3);
    expect(workingDaysElapsed(at('2025-09-30T10:00:00+08:00'), at('2025-09-30T16:00:00+08:00'))).toBe(0);
    // Finishing during the holiday: only 30 Sep's successor working days up to 5 Oct: none.
    expect(workingDaysElapsed(at('2025-09-30T10:00:00+08:00'), at('2025-10-05T10:00:00+08:00'))).toBe(0);
    expect(workingDaysElapsed(at('2026-02-13T10:00:00+08:00'), at('2026-02-24T10:00:00+08:00'))).toBe(2);
  });

  it('refuses a negative or fractional limit', () => {
    expect(() => workingDayDeadline(at('2025-11-06T10:00:00+08:00'), -1)).toThrow(/whole number/);
    expect(() => workingDayDeadline(at('2025-11-06T10:00:00+08:00'), 1.5)).toThrow(/whole number/);
  });

  it('ties the deadline to the elapsed count (property, Mon–Fri calendar)', () => {
    const weekdays: WorkCalendar = { isWorkday: (d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()) };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 * 24 }), fc.integer({ min: 0, max: 60 * 24 }), fc.integer({ min: 0, max: 20 }), (startH, durH, limit) => {
        const start = new Date(Date.UTC(2025, 0, 1) + startH * 3600e3);
        const end = new Date(start.getTime() + durH * 3600e3);
        const onTime = end < workingDayDeadline(start, limit, weekdays);
        const withinCount = workingDaysElapsed(start, end, weekdays) <= limit;
        // On time always means within the count; the converse holds when the case ends on a
        // working day (ending on a rest day after the deadline is late at an unchanged count).
        if (onTime) expect(withinCount).toBe(true);
        if (weekdays.isWorkday(localDate(end)) || localDate(end) === localDate(start)) expect(onTime).toBe(withinCount);
      }),
      { numRuns: 2000 },
    );
  });

  it('a case finished on Saturday after a Friday deadline is late, at the same elapsed count', () => {
    // Accepted Wed 1 Jan 2025 (a holiday, but counting starts the day after), 2 days: Thu 2, Fri 3.
    const start = at('2025-01-01T08:00:00+08:00');
    const deadline = workingDayDeadline(start, 2);
    expect(deadline.toISOString()).toBe('2025-01-03T16:00:00.000Z');
    const saturday = at('2025-01-04T00:00:00+08:00');
    expect(saturday < deadline).toBe(false);
    expect(workingDaysElapsed(start, saturday)).toBe(2);
  });
});
