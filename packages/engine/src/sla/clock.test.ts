// SLA deadlines worked out by hand. Calendar facts checked against the chinese-days 1.5.7 data:
// 2025 国庆+中秋 1–8 Oct off, make-up working days Sun 28 Sep and Sat 11 Oct;
// 2026 春节 15–23 Feb off (nine days), make-up working days Sat 14 Feb and Sat 28 Feb.
// Default office hours: 09:00–12:00 and 13:30–17:30 (7 working hours a day). All times CST.
import { describe, expect, it } from 'vitest';
import { CHINA_WORK_CALENDAR, workingDayDeadline, type WorkCalendar } from '../calendar/working-days';
import { slaConsumed, slaDeadline, slaLimitMs } from './clock';

const cst = (local: string) => new Date(`${local}:00+08:00`);
const iso = (date: Date | null) => date?.toISOString() ?? null;
const hours = (amount: number) => ({ amount, unit: 'hours' as const });
const workingHours = (amount: number) => ({ amount, unit: 'working_hours' as const });
const workingDays = (amount: number) => ({ amount, unit: 'working_days' as const });
const H = 3600_000;

describe('the calendar facts the hand-worked cases rely on (chinese-days data)', () => {
  it('国庆 2025 and 春节 2026 with their make-up days', () => {
    const off = (date: string) => !CHINA_WORK_CALENDAR.isWorkday(date);
    for (const day of ['01', '02', '03', '04', '05', '06', '07', '08']) expect(off(`2025-10-${day}`)).toBe(true);
    expect(CHINA_WORK_CALENDAR.isWorkday('2025-09-28')).toBe(true); // Sunday
    expect(CHINA_WORK_CALENDAR.isWorkday('2025-10-11')).toBe(true); // Saturday
    expect(off('2025-09-27')).toBe(true);
    expect(off('2025-10-12')).toBe(true);
    for (let day = 15; day <= 23; day++) expect(off(`2026-02-${day}`)).toBe(true);
    expect(CHINA_WORK_CALENDAR.isWorkday('2026-02-14')).toBe(true); // Saturday
    expect(CHINA_WORK_CALENDAR.isWorkday('2026-02-28')).toBe(true); // Saturday
    expect(CHINA_WORK_CALENDAR.isWorkday('2026-02-24')).toBe(true);
  });
});

describe('hours: a continuous clock', () => {
  it('red 2 h runs through the evening, weekends and holidays', () => {
    // Fri 31 Oct 2025 16:30 + 2 h = 18:30, after office hours: an outage does not wait.
    expect(iso(slaDeadline(cst('2025-10-31T16:30'), hours(2)))).toBe(iso(cst('2025-10-31T18:30')));
    // Sat 1 Nov 23:00 + 2 h = Sun 2 Nov 01:00.
    expect(iso(slaDeadline(cst('2025-11-01T23:00'), hours(2)))).toBe(iso(cst('2025-11-02T01:00')));
    // Orange 24 h from Tue 30 Sep 10:00 → Wed 1 Oct 10:00, a public holiday.
    expect(iso(slaDeadline(cst('2025-09-30T10:00'), hours(24)))).toBe(iso(cst('2025-10-01T10:00')));
    // Yellow 72 h from Fri 7 Nov 15:00 → Mon 10 Nov 15:00.
    expect(iso(slaDeadline(cst('2025-11-07T15:00'), hours(72)))).toBe(iso(cst('2025-11-10T15:00')));
  });

  it('a pause moves it out by the paused time, whenever it falls', () => {
    // Red 2 h from Mon 10 Nov 10:00, paused 10:30–11:15 (45 min) → 12:45.
    const pauses = [{ from: cst('2025-11-10T10:30'), to: cst('2025-11-10T11:15') }];
    expect(iso(slaDeadline(cst('2025-11-10T10:00'), hours(2), { pauses }))).toBe(iso(cst('2025-11-10T12:45')));
    // Yellow 72 h from Fri 7 Nov 15:00, paused Sat 8 Nov 00:00 – Sun 9 Nov 00:00: 24 h later → Tue 11 Nov 15:00.
    const weekend = [{ from: cst('2025-11-08T00:00'), to: cst('2025-11-09T00:00') }];
    expect(iso(slaDeadline(cst('2025-11-07T15:00'), hours(72), { pauses: weekend }))).toBe(iso(cst('2025-11-11T15:00')));
  });
});

describe('working_hours: office hours on working days only', () => {
  it('starting before 09:00 the clock starts at 09:00', () => {
    // Mon 10 Nov 08:00, 8 working hours: 09:00–12:00 (3) + 13:30–17:30 (4) = 7, Tue 09:00–10:00 (1) → Tue 10:00.
    expect(iso(slaDeadline(cst('2025-11-10T08:00'), workingHours(8)))).toBe(iso(cst('2025-11-11T10:00')));
  });

  it('starting during lunch the clock starts at 13:30', () => {
    // Mon 12:30, 2 h → 13:30 + 2 h = 15:30.
    expect(iso(slaDeadline(cst('2025-11-10T12:30'), workingHours(2)))).toBe(iso(cst('2025-11-10T15:30')));
  });

  it('starting after 17:30 the clock starts the next working morning', () => {
    // Mon 18:00, 2 h → Tue 09:00 + 2 h = 11:00.
    expect(iso(slaDeadline(cst('2025-11-10T18:00'), workingHours(2)))).toBe(iso(cst('2025-11-11T11:00')));
  });

  it('boundaries: a range end is a deadline, a range start is a start', () => {
    // Exactly 09:00 + 3 h = 12:00 (the morning range is used up at 12:00 — not 13:30).
    expect(iso(slaDeadline(cst('2025-11-10T09:00'), workingHours(3)))).toBe(iso(cst('2025-11-10T12:00')));
    // Exactly 12:00 (lunch starts) + 1 h → 13:30 + 1 h = 14:30.
    expect(iso(slaDeadline(cst('2025-11-10T12:00'), workingHours(1)))).toBe(iso(cst('2025-11-10T14:30')));
    // Exactly 13:30 + 4 h = 17:30 the same day.
    expect(iso(slaDeadline(cst('2025-11-10T13:30'), workingHours(4)))).toBe(iso(cst('2025-11-10T17:30')));
    // Exactly 17:30 (closed) + 1 h → Tue 09:00 + 1 h = 10:00.
    expect(iso(slaDeadline(cst('2025-11-10T17:30'), workingHours(1)))).toBe(iso(cst('2025-11-11T10:00')));
  });

  it('across a weekend', () => {
    // Fri 7 Nov 16:30, 3 h: Fri 16:30–17:30 (1), Sat and Sun off, Mon 09:00–11:00 (2) → Mon 10 Nov 11:00.
    expect(iso(slaDeadline(cst('2025-11-07T16:30'), workingHours(3)))).toBe(iso(cst('2025-11-10T11:00')));
    // Starting on Saturday 8 Nov 10:00, 2 h → Mon 09:00 + 2 h = 11:00.
    expect(iso(slaDeadline(cst('2025-11-08T10:00'), workingHours(2)))).toBe(iso(cst('2025-11-10T11:00')));
  });

  it('across 国庆 2025 and its make-up Sunday', () => {
    // Tue 30 Sep 16:00, 8 h: 30 Sep 16:00–17:30 (1.5); 1–8 Oct off; Thu 9 Oct 09:00–12:00 (3, total 4.5),
    // 13:30–17:00 (3.5, total 8) → Thu 9 Oct 17:00.
    expect(iso(slaDeadline(cst('2025-09-30T16:00'), workingHours(8)))).toBe(iso(cst('2025-10-09T17:00')));
    // Fri 26 Sep 17:00, 4 h: Fri 17:00–17:30 (0.5); Sat 27 off; Sun 28 Sep is a 调休 working day:
    // 09:00–12:00 (3, total 3.5), 13:30–14:00 (0.5) → Sun 28 Sep 14:00.
    expect(iso(slaDeadline(cst('2025-09-26T17:00'), workingHours(4)))).toBe(iso(cst('2025-09-28T14:00')));
  });

  it('across 春节 2026 and its make-up Saturday', () => {
    // Fri 13 Feb 16:00, 24 h: 13 Feb 16:00–17:30 (1.5); Sat 14 Feb 调休 (7, total 8.5); 15–23 Feb off;
    // Tue 24 (7, 15.5); Wed 25 (7, 22.5); Thu 26 09:00–10:30 (1.5, total 24) → Thu 26 Feb 10:30.
    expect(iso(slaDeadline(cst('2026-02-13T16:00'), workingHours(24)))).toBe(iso(cst('2026-02-26T10:30')));
  });

  it('configurable office hours', () => {
    // One range 08:30–17:00 (8.5 h a day): Mon 10 Nov 16:00 + 2 h → 16:00–17:00 (1), Tue 08:30–09:30 (1) → Tue 09:30.
    const officeHours = [{ from: '08:30', to: '17:00' }];
    expect(iso(slaDeadline(cst('2025-11-10T16:00'), workingHours(2), { officeHours }))).toBe(iso(cst('2025-11-11T09:30')));
    expect(() => slaDeadline(cst('2025-11-10T16:00'), workingHours(2), { officeHours: [{ from: '13:00', to: '12:00' }] })).toThrow(
      /officeHours\[0\]\.to: to \(12:00\) must be later than from \(13:00\)/,
    );
  });

  it('pauses inside and across office hours and weekends', () => {
    const start = cst('2025-11-10T09:00'); // Mon; without pauses 8 h fall due Tue 10:00.
    // Paused Mon 10:00–11:00: 1 working hour → Tue 11:00.
    expect(iso(slaDeadline(start, workingHours(8), { pauses: [{ from: cst('2025-11-10T10:00'), to: cst('2025-11-10T11:00') }] }))).toBe(iso(cst('2025-11-11T11:00')));
    // Paused during lunch Mon 12:05–13:25: no working time → unchanged, Tue 10:00.
    expect(iso(slaDeadline(start, workingHours(8), { pauses: [{ from: cst('2025-11-10T12:05'), to: cst('2025-11-10T13:25') }] }))).toBe(iso(cst('2025-11-11T10:00')));
    // Paused Mon 16:00 → Tue 10:00 (over the night): run Mon 09:00–12:00 (3) + 13:30–16:00 (2.5) = 5.5;
    // resume Tue 10:00: 10:00–12:00 (2, total 7.5), 13:30–14:00 (0.5) → Tue 14:00.
    expect(iso(slaDeadline(start, workingHours(8), { pauses: [{ from: cst('2025-11-10T16:00'), to: cst('2025-11-11T10:00') }] }))).toBe(iso(cst('2025-11-11T14:00')));
    // Fri 7 Nov 09:00, 8 h, paused Fri 17:00 → Mon 09:30 (over the weekend): run Fri 09:00–12:00 (3) +
    // 13:30–17:00 (3.5) = 6.5; resume Mon 09:30: 09:30–11:00 (1.5, total 8) → Mon 10 Nov 11:00.
    // The pause cost 1 working hour (Fri 17:00–17:30 and Mon 09:00–09:30), not 64 h.
    const weekendPause = [{ from: cst('2025-11-07T17:00'), to: cst('2025-11-10T09:30') }];
    expect(iso(slaDeadline(cst('2025-11-07T09:00'), workingHours(8), { pauses: weekendPause }))).toBe(iso(cst('2025-11-10T11:00')));
    expect(iso(slaDeadline(cst('2025-11-07T09:00'), workingHours(8)))).toBe(iso(cst('2025-11-10T10:00')));
    // A pause wholly on Saturday changes nothing.
    const saturday = [{ from: cst('2025-11-08T10:00'), to: cst('2025-11-08T16:00') }];
    expect(iso(slaDeadline(cst('2025-11-07T09:00'), workingHours(8), { pauses: saturday }))).toBe(iso(cst('2025-11-10T10:00')));
  });

  it('two pauses, given in any order', () => {
    // Mon 09:00, 8 h; paused Mon 09:30–10:00 (0.5) and Mon 15:00–16:00 (1): 1.5 h → Tue 10:00 + 1.5 h = 11:30.
    const pauses = [
      { from: cst('2025-11-10T15:00'), to: cst('2025-11-10T16:00') },
      { from: cst('2025-11-10T09:30'), to: cst('2025-11-10T10:00') },
    ];
    expect(iso(slaDeadline(cst('2025-11-10T09:00'), workingHours(8), { pauses }))).toBe(iso(cst('2025-11-11T11:30')));
  });
});

describe('working_days: whole working days after the start date', () => {
  it('blue 7 working days across 国庆 2025 with both make-up days', () => {
    // From Fri 26 Sep 10:00: Sat 27 off; Sun 28 (调休, 1), Mon 29 (2), Tue 30 (3); 1–8 Oct off;
    // Thu 9 (4), Fri 10 (5), Sat 11 (调休, 6); Sun 12 off; Mon 13 (7) → due 2025-10-14T00:00+08:00.
    const deadline = slaDeadline(cst('2025-09-26T10:00'), workingDays(7));
    expect(iso(deadline)).toBe(iso(cst('2025-10-14T00:00')));
    expect(iso(deadline)).toBe('2025-10-13T16:00:00.000Z');
  });

  it('blue 7 working days across 春节 2026', () => {
    // From Thu 12 Feb 14:00: Fri 13 (1), Sat 14 (调休, 2); 15–23 off; Tue 24 (3), Wed 25 (4),
    // Thu 26 (5), Fri 27 (6), Sat 28 (调休, 7) → due 2026-03-01T00:00+08:00.
    expect(iso(slaDeadline(cst('2026-02-12T14:00'), workingDays(7)))).toBe(iso(cst('2026-03-01T00:00')));
  });

  it('an ordinary fortnight: weekends do not count', () => {
    // From Wed 5 Nov 2025: Thu 6 (1), Fri 7 (2), Mon 10 (3), Tue 11 (4), Wed 12 (5), Thu 13 (6), Fri 14 (7)
    // → due Sat 15 Nov 00:00.
    expect(iso(slaDeadline(cst('2025-11-05T10:00'), workingDays(7)))).toBe(iso(cst('2025-11-15T00:00')));
  });

  it('agrees with workingDayDeadline without pauses', () => {
    for (const start of ['2025-09-26T10:00', '2025-12-31T23:59', '2026-02-13T15:30', '2026-09-30T08:00']) {
      for (const days of [1, 3, 7, 15]) expect(iso(slaDeadline(cst(start), workingDays(days)))).toBe(iso(workingDayDeadline(cst(start), days)));
    }
  });

  it('a pause costs the working-day time it covers: the deadline moves by exactly that much', () => {
    const start = cst('2025-11-05T10:00'); // due Sat 15 Nov 00:00 without pauses.
    // Paused Thu 6 Nov 14:00 → Fri 7 Nov 10:00: Thu 14:00–24:00 (10 h) + Fri 00:00–10:00 (10 h) = 20 h of
    // working-day time. The 7th day ends Fri 14 Nov 24:00; Sat and Sun do not count; 20 h into Mon 17 Nov
    // → Mon 17 Nov 20:00.
    const overnight = [{ from: cst('2025-11-06T14:00'), to: cst('2025-11-07T10:00') }];
    expect(iso(slaDeadline(start, workingDays(7), { pauses: overnight }))).toBe(iso(cst('2025-11-17T20:00')));
    // Paused Fri 7 Nov 12:00 → Mon 10 Nov 12:00: Fri 12 h + Mon 12 h = 24 h (the weekend is not working
    // time): one whole working day → due at the end of Mon 17 Nov, i.e. Tue 18 Nov 00:00.
    const overWeekend = [{ from: cst('2025-11-07T12:00'), to: cst('2025-11-10T12:00') }];
    expect(iso(slaDeadline(start, workingDays(7), { pauses: overWeekend }))).toBe(iso(cst('2025-11-18T00:00')));
    // Paused on the start date (Wed 5 Nov 11:00–16:00): the start date never counts → unchanged.
    const startDate = [{ from: cst('2025-11-05T11:00'), to: cst('2025-11-05T16:00') }];
    expect(iso(slaDeadline(start, workingDays(7), { pauses: startDate }))).toBe(iso(cst('2025-11-15T00:00')));
  });

  it('a pause through 国庆 costs only the working days it covers', () => {
    // Blue 7 from Fri 26 Sep 2025 (due Tue 14 Oct 00:00). Paused Tue 30 Sep 00:00 → Fri 10 Oct 00:00:
    // working days covered: 30 Sep and 9 Oct (1–8 Oct are holidays) = 2 → two more working days
    // after Mon 13 Oct: Tue 14, Wed 15 → due Thu 16 Oct 00:00.
    const pauses = [{ from: cst('2025-09-30T00:00'), to: cst('2025-10-10T00:00') }];
    expect(iso(slaDeadline(cst('2025-09-26T10:00'), workingDays(7), { pauses }))).toBe(iso(cst('2025-10-16T00:00')));
  });
});

describe('open pauses and rejected pauses', () => {
  it('an open pause that begins before the limit is reached leaves no deadline', () => {
    const open = [{ from: cst('2025-11-10T11:00') }];
    expect(slaDeadline(cst('2025-11-10T09:00'), workingHours(8), { pauses: open })).toBeNull();
    expect(slaDeadline(cst('2025-11-10T09:00'), workingHours(8), { pauses: [{ from: cst('2025-11-10T11:00'), to: null }] })).toBeNull();
  });

  it('an open pause that begins after the limit was reached keeps the deadline', () => {
    // Red 2 h from 10:00 is due 12:00; waiting from 13:00 on does not undo that.
    expect(iso(slaDeadline(cst('2025-11-10T10:00'), hours(2), { pauses: [{ from: cst('2025-11-10T13:00') }] }))).toBe(iso(cst('2025-11-10T12:00')));
  });

  it('rejects inverted, overlapping and early pauses, and a second open one', () => {
    const start = cst('2025-11-10T09:00');
    const deadline = (pauses: { from: Date; to?: Date | null }[]) => () => slaDeadline(start, workingHours(8), { pauses });
    expect(deadline([{ from: cst('2025-11-10T11:00'), to: cst('2025-11-10T10:00') }])).toThrow(RangeError);
    expect(deadline([{ from: cst('2025-11-10T11:00'), to: cst('2025-11-10T10:00') }])).toThrow(/pause 1 ends \(2025-11-10T02:00:00.000Z\) before it starts/);
    expect(deadline([
      { from: cst('2025-11-10T10:00'), to: cst('2025-11-10T12:00') },
      { from: cst('2025-11-10T11:00'), to: cst('2025-11-10T14:00') },
    ])).toThrow(/pause 2 .* overlaps pause 1/);
    expect(deadline([{ from: cst('2025-11-10T10:00') }, { from: cst('2025-11-11T10:00'), to: cst('2025-11-11T11:00') }])).toThrow(/overlaps pause 1, which is still open/);
    expect(deadline([{ from: cst('2025-11-10T10:00') }, { from: cst('2025-11-11T10:00') }])).toThrow(/only the latest may be open/);
    expect(deadline([{ from: cst('2025-11-10T08:00'), to: cst('2025-11-10T10:00') }])).toThrow(/before the clock starts/);
    expect(deadline([{ from: new Date('nonsense'), to: cst('2025-11-10T10:00') }])).toThrow(/pause 1's start is not a valid instant/);
    // Touching pauses are fine: 10:00–11:00 and 11:00–12:00 cost 2 working hours → Tue 10:00 + 2 h = 12:00.
    expect(iso(deadline([{ from: cst('2025-11-10T10:00'), to: cst('2025-11-10T11:00') }, { from: cst('2025-11-10T11:00'), to: cst('2025-11-10T12:00') }])())).toBe(
      iso(cst('2025-11-11T12:00')),
    );
  });

  it('rejects a bad limit', () => {
    expect(() => slaLimitMs(workingDays(1.5))).toThrow(/whole number of days/);
    expect(() => slaLimitMs(hours(0))).toThrow(/positive amount/);
    expect(() => slaLimitMs(hours(Number.NaN))).toThrow(/positive amount/);
  });
});

describe('consumed clock time', () => {
  it('counts only the clock kind’s time', () => {
    // Mon 10 Nov 09:00 → Tue 15:00: working hours Mon 7 + Tue 09:00–12:00 (3) + 13:30–15:00 (1.5) = 11.5 h.
    expect(slaConsumed(cst('2025-11-10T09:00'), cst('2025-11-11T15:00'), 'working_hours')).toBe(11.5 * H);
    // Continuous: 30 h.
    expect(slaConsumed(cst('2025-11-10T09:00'), cst('2025-11-11T15:00'), 'hours')).toBe(30 * H);
    // Working days: the start date Mon does not count; Tue 00:00–15:00 = 15 h.
    expect(slaConsumed(cst('2025-11-10T09:00'), cst('2025-11-11T15:00'), 'working_days')).toBe(15 * H);
    // Before the start nothing is used.
    expect(slaConsumed(cst('2025-11-10T09:00'), cst('2025-11-10T08:00'), 'hours')).toBe(0);
  });

  it('a small fake calendar: only Mondays work', () => {
    const mondays: WorkCalendar = { isWorkday: (date) => new Date(`${date}T00:00:00Z`).getUTCDay() === 1 };
    // From Tue 11 Nov 2025, 2 working days: Mon 17 (1), Mon 24 (2) → Tue 25 Nov 00:00.
    expect(iso(slaDeadline(cst('2025-11-11T10:00'), workingDays(2), { calendar: mondays }))).toBe(iso(cst('2025-11-25T00:00')));
    // 10 working hours from Mon 10 Nov 17:00: Mon 17:00–17:30 (0.5); Mon 17: 7 (7.5); Mon 24: 09:00–11:30 (2.5) → 11:30.
    expect(iso(slaDeadline(cst('2025-11-10T17:00'), workingHours(10), { calendar: mondays }))).toBe(iso(cst('2025-11-24T11:30')));
  });

  it('a calendar without working days is reported, not looped on', () => {
    const never: WorkCalendar = { isWorkday: () => false };
    expect(() => slaDeadline(cst('2025-11-10T09:00'), workingDays(1), { calendar: never })).toThrow(/no working time found within ten years/);
  });
});
