// Status, reminders and escalation, worked out by hand (times CST; office hours 09:00–12:00 and
// 13:30–17:30; calendar facts as in clock.test.ts).
import { DEFAULT_SLA_POLICY } from '@govperf/contracts';
import { describe, expect, it } from 'vitest';
import { ratingRectificationDeadline } from './rectification';
import { escalationLevel, escalationTarget, slaStatus } from './status';

const cst = (local: string) => new Date(`${local}:00+08:00`);
const H = 3600_000;
const red = DEFAULT_SLA_POLICY.tiers.red;
const blue = DEFAULT_SLA_POLICY.tiers.blue;
const eightWorkingHours = { amount: 8, unit: 'working_hours' as const };
const reminderTimes = (status: ReturnType<typeof slaStatus>) => status.remindersDue.map((r) => [r.fraction, r.dueAt.toISOString()]);

describe('slaStatus: states and reminders', () => {
  it('red 2 h from Mon 10 Nov 2025 10:00: reminders at 50 % (11:00), 80 % (11:36) and the deadline (12:00)', () => {
    const start = cst('2025-11-10T10:00');
    const early = slaStatus(start, cst('2025-11-10T10:30'), red);
    expect(early).toMatchObject({ state: 'on_track', consumedMs: 0.5 * H, remainingMs: 1.5 * H, fractionUsed: 0.25, escalationLevel: 0, pausedSince: null });
    expect(early.deadline.toISOString()).toBe(cst('2025-11-10T12:00').toISOString());
    expect(early.remindersDue).toEqual([]);
    // 11:00: half used → the first reminder, still on track.
    const half = slaStatus(start, cst('2025-11-10T11:00'), red);
    expect(half.state).toBe('on_track');
    expect(reminderTimes(half)).toEqual([[0.5, cst('2025-11-10T11:00').toISOString()]]);
    // 11:36 = 96 of 120 minutes = 80 % → due soon, two reminders.
    const soon = slaStatus(start, cst('2025-11-10T11:36'), red);
    expect(soon.state).toBe('due_soon');
    expect(reminderTimes(soon)).toEqual([
      [0.5, cst('2025-11-10T11:00').toISOString()],
      [0.8, cst('2025-11-10T11:36').toISOString()],
    ]);
    // 12:00 exactly: the limit is used up → overdue (level 1), the deadline reminder is due.
    const due = slaStatus(start, cst('2025-11-10T12:00'), red);
    expect(due).toMatchObject({ state: 'overdue', remainingMs: 0, overdueMs: 0, fractionUsed: 1, escalationLevel: 1 });
    expect(due.remindersDue.map((r) => r.fraction)).toEqual([0.5, 0.8, 1]);
  });

  it('blue 7 working days from Wed 5 Nov 2025 10:00: reminders in working-day time', () => {
    // The clock counts whole working days after 5 Nov: 6, 7, 10, 11, 12, 13, 14 Nov; limit 168 h.
    // 50 % = 84 h = 3.5 days: 6, 7, 10 Nov (72 h) + 12 h of Tue 11 Nov → 11 Nov 12:00.
    // 80 % = 134.4 h = 5.6 days: 6, 7, 10, 11, 12 (120 h) + 14.4 h of Thu 13 Nov → 13 Nov 14:24.
    const start = cst('2025-11-05T10:00');
    // Wed 12 Nov 09:00: 6, 7, 10, 11 Nov (96 h) + 9 h = 105 h = 62.5 % → on track, one reminder.
    const wednesday = slaStatus(start, cst('2025-11-12T09:00'), blue);
    expect(wednesday).toMatchObject({ state: 'on_track', consumedMs: 105 * H, fractionUsed: 0.625 });
    expect(reminderTimes(wednesday)).toEqual([[0.5, cst('2025-11-11T12:00').toISOString()]]);
    // Thu 13 Nov 15:00: 120 h + 15 h = 135 h ≥ 134.4 h → due soon.
    const thursday = slaStatus(start, cst('2025-11-13T15:00'), blue);
    expect(thursday.state).toBe('due_soon');
    expect(reminderTimes(thursday)).toEqual([
      [0.5, cst('2025-11-11T12:00').toISOString()],
      [0.8, cst('2025-11-13T14:24').toISOString()],
    ]);
    expect(thursday.deadline.toISOString()).toBe(cst('2025-11-15T00:00').toISOString());
    // Sun 16 Nov 10:00: overdue since Sat 00:00 but the weekend is not working time: overdue by 0 ms, level 1.
    expect(slaStatus(start, cst('2025-11-16T10:00'), blue)).toMatchObject({ state: 'overdue', overdueMs: 0, escalationLevel: 1 });
  });

  it('configurable reminders and due-soon threshold', () => {
    const start = cst('2025-11-10T10:00');
    const status = slaStatus(start, cst('2025-11-10T11:00'), red, { reminders: [0.25, 1], dueSoonFraction: 0.5 });
    expect(status.state).toBe('due_soon');
    expect(reminderTimes(status)).toEqual([[0.25, cst('2025-11-10T10:30').toISOString()]]);
    expect(() => slaStatus(start, start, red, { reminders: [0.8, 0.5] })).toThrow(/must increase/);
    expect(() => slaStatus(start, start, red, { reminders: [0] })).toThrow(/fraction in \(0, 1\]/);
  });
});

describe('slaStatus: pauses', () => {
  it('an open pause: state paused, the deadline if resumed now', () => {
    // 8 working hours from Mon 10 Nov 09:00, waiting for the citizen since Mon 11:00 (2 h used).
    // Asked Tue 15:00: still 2 h used; resumed now, 6 h remain: Tue 15:00–17:30 (2.5), Wed 09:00–12:00
    // (3, total 5.5), 13:30–14:00 (0.5) → Wed 12 Nov 14:00.
    const status = slaStatus(cst('2025-11-10T09:00'), cst('2025-11-11T15:00'), eightWorkingHours, { pauses: [{ from: cst('2025-11-10T11:00') }] });
    expect(status).toMatchObject({ state: 'paused', consumedMs: 2 * H, remainingMs: 6 * H, fractionUsed: 0.25, escalationLevel: 0 });
    expect(status.pausedSince?.toISOString()).toBe(cst('2025-11-10T11:00').toISOString());
    expect(status.deadline.toISOString()).toBe(cst('2025-11-12T14:00').toISOString());
  });

  it('inside a closed pause the state is paused; after it the clock runs again', () => {
    const pauses = [{ from: cst('2025-11-10T10:00'), to: cst('2025-11-10T11:00') }];
    const inside = slaStatus(cst('2025-11-10T09:00'), cst('2025-11-10T10:30'), eightWorkingHours, { pauses });
    expect(inside).toMatchObject({ state: 'paused', consumedMs: 1 * H });
    // Without the pause due Tue 10:00; the pause cost 1 h → Tue 11:00.
    expect(inside.deadline.toISOString()).toBe(cst('2025-11-11T11:00').toISOString());
    const after = slaStatus(cst('2025-11-10T09:00'), cst('2025-11-10T11:30'), eightWorkingHours, { pauses });
    expect(after).toMatchObject({ state: 'on_track', consumedMs: 1.5 * H, pausedSince: null });
  });

  it('overdue wins over paused, and a pause freezes the escalation', () => {
    // Red 2 h from 10:00 (due 12:00), waiting from 13:00 (1 h overdue). At 19:00 still 1 h overdue: level 1.
    const status = slaStatus(cst('2025-11-10T10:00'), cst('2025-11-10T19:00'), red, { pauses: [{ from: cst('2025-11-10T13:00') }] });
    expect(status).toMatchObject({ state: 'overdue', consumedMs: 3 * H, overdueMs: 1 * H, escalationLevel: 1 });
    expect(status.pausedSince?.toISOString()).toBe(cst('2025-11-10T13:00').toISOString());
    expect(status.deadline.toISOString()).toBe(cst('2025-11-10T12:00').toISOString());
    // Without the pause, at 19:00 it would be 7 h overdue: 1 + ⌊7 / 2⌋ = 4, capped at 3.
    expect(slaStatus(cst('2025-11-10T10:00'), cst('2025-11-10T19:00'), red).escalationLevel).toBe(3);
  });
});

describe('escalation', () => {
  it('level 1 once overdue, +1 per further whole limit, capped at 3', () => {
    // Red 2 h from Mon 10 Nov 10:00: due 12:00. 13:59 → level 1; 14:00 (one more limit) → 2;
    // 16:00 → 3; 20:00 would be 5 but the cap is 3.
    const level = (local: string) => slaStatus(cst('2025-11-10T10:00'), cst(local), red).escalationLevel;
    expect(level('2025-11-10T11:59')).toBe(0);
    expect(level('2025-11-10T12:00')).toBe(1);
    expect(level('2025-11-10T13:59')).toBe(1);
    expect(level('2025-11-10T14:00')).toBe(2);
    expect(level('2025-11-10T16:00')).toBe(3);
    expect(level('2025-11-10T20:00')).toBe(3);
    // Configured: a step of half a limit (1 h), up to 5 levels: 13:00 → 1 + ⌊1 / 1⌋ = 2; 15:00 → 4.
    const escalation = { stepFraction: 0.5, maxLevel: 5 };
    expect(slaStatus(cst('2025-11-10T10:00'), cst('2025-11-10T13:00'), red, { escalation }).escalationLevel).toBe(2);
    expect(slaStatus(cst('2025-11-10T10:00'), cst('2025-11-10T15:00'), red, { escalation }).escalationLevel).toBe(4);
  });

  it('counts overdue time on the limit’s own clock', () => {
    // 8 working hours from Mon 10 Nov 09:00: due Tue 10:00. A further 8 working hours: Tue 10:00–12:00 (2),
    // 13:30–17:30 (4, total 6), Wed 09:00–11:00 (2) → level 2 at Wed 12 Nov 11:00, not overnight.
    const level = (local: string) => slaStatus(cst('2025-11-10T09:00'), cst(local), eightWorkingHours).escalationLevel;
    expect(level('2025-11-11T10:00')).toBe(1);
    expect(level('2025-11-11T23:00')).toBe(1);
    expect(level('2025-11-12T10:59')).toBe(1);
    expect(level('2025-11-12T11:00')).toBe(2);
  });

  it('names the org unit: level n → the nth ancestor, the top when the chain is shorter', () => {
    const ancestors = ['district-office', 'city-office', 'province-office'];
    expect(escalationTarget(ancestors, 0)).toBeNull();
    expect(escalationTarget(ancestors, 1)).toBe('district-office');
    expect(escalationTarget(ancestors, 2)).toBe('city-office');
    expect(escalationTarget(ancestors, 5)).toBe('province-office');
    expect(escalationTarget([], 1)).toBeNull();
    expect(() => escalationLevel(1, 1, { stepFraction: 0, maxLevel: 3 })).toThrow(RangeError);
  });
});

describe('差评 rectification deadline', () => {
  it('15 working days from the rating, across 国庆 2025', () => {
    // Rated Thu 25 Sep 2025 16:00: Fri 26 (1), Sun 28 调休 (2), Mon 29 (3), Tue 30 (4); 1–8 Oct off;
    // Thu 9 (5), Fri 10 (6), Sat 11 调休 (7), Mon 13 … Fri 17 (8–12), Mon 20 (13), Tue 21 (14),
    // Wed 22 (15) → due Thu 23 Oct 00:00.
    expect(ratingRectificationDeadline(cst('2025-09-25T16:00')).toISOString()).toBe(cst('2025-10-23T00:00').toISOString());
  });

  it('across 春节 2026, and configurable', () => {
    // Rated Mon 9 Feb 2026: Tue 10 (1) … Fri 13 (4), Sat 14 调休 (5); 15–23 off; Tue 24 (6) … Fri 27 (9),
    // Sat 28 调休 (10); Mon 2 Mar (11) … Fri 6 Mar (15) → due Sat 7 Mar 00:00.
    expect(ratingRectificationDeadline(cst('2026-02-09T10:00')).toISOString()).toBe(cst('2026-03-07T00:00').toISOString());
    // 5 working days from the same rating: Tue 10 … Fri 13 (4), Sat 14 (5) → Sun 15 Feb 00:00.
    expect(ratingRectificationDeadline(cst('2026-02-09T10:00'), { workingDays: 5 }).toISOString()).toBe(cst('2026-02-15T00:00').toISOString());
  });
});
