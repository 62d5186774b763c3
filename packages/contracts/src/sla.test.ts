import { describe, expect, it } from 'vitest';
import { FEEDBACK_TIERS } from './facts/feedback';
import { DEFAULT_SLA_POLICY, SLA_TIERS, SlaLimitSchema, SlaPolicySchema, minutesOfDay, slaPolicyProblems } from './sla';

/** The issues of a parse that must fail, as `path: message`. */
function problems(input: unknown): string[] {
  const found = slaPolicyProblems(input);
  expect(found.length).toBeGreaterThan(0);
  return found;
}

describe('SlaPolicySchema', () => {
  it('defaults to the source document: red 2 h, orange 24 h, yellow 72 h, blue 7 working days', () => {
    expect(DEFAULT_SLA_POLICY).toEqual({
      tiers: {
        red: { amount: 2, unit: 'hours' },
        orange: { amount: 24, unit: 'hours' },
        yellow: { amount: 72, unit: 'hours' },
        blue: { amount: 7, unit: 'working_days' },
      },
      officeHours: [
        { from: '09:00', to: '12:00' },
        { from: '13:30', to: '17:30' },
      ],
      reminders: [0.5, 0.8, 1],
      dueSoonFraction: 0.8,
      escalation: { stepFraction: 1, maxLevel: 3 },
      rectificationWorkingDays: 15,
    });
    expect(SLA_TIERS).toEqual(FEEDBACK_TIERS);
  });

  it('overrides one tier and keeps the others', () => {
    const policy = SlaPolicySchema.parse({ tiers: { orange: { amount: 8, unit: 'working_hours' } }, escalation: { maxLevel: 2 } });
    expect(policy.tiers.orange).toEqual({ amount: 8, unit: 'working_hours' });
    expect(policy.tiers.red).toEqual({ amount: 2, unit: 'hours' });
    expect(policy.escalation).toEqual({ stepFraction: 1, maxLevel: 2 });
  });

  it('names the field of each problem in a limit', () => {
    expect(problems({ tiers: { blue: { amount: 1.5, unit: 'working_days' } } })).toEqual(['tiers.blue.amount: amount must be a whole number of working days, got 1.5']);
    expect(problems({ tiers: { red: { amount: 0, unit: 'hours' } } })).toEqual(['tiers.red.amount: amount must be greater than 0']);
    expect(problems({ tiers: { red: { amount: 2, unit: 'minutes' } } })).toEqual(['tiers.red.unit: unit must be one of hours, working_hours, working_days']);
    expect(SlaLimitSchema.safeParse({ amount: 2.5, unit: 'working_hours' }).success).toBe(true);
  });

  it('checks office hours: HH:MM, each range forward, in order and not overlapping', () => {
    expect(problems({ officeHours: [{ from: '9:00', to: '12:00' }] })).toEqual(['officeHours[0].from: a time of day is HH:MM from 00:00 to 24:00, e.g. 09:00']);
    expect(problems({ officeHours: [{ from: '12:00', to: '09:00' }] })).toEqual(['officeHours[0].to: to (09:00) must be later than from (12:00)']);
    expect(problems({ officeHours: [{ from: '09:00', to: '12:00' }, { from: '11:30', to: '17:30' }] })).toEqual([
      'officeHours[1].from: range 2 starts at 11:30, before range 1 ends at 12:00: ranges must be in order and must not overlap',
    ]);
    expect(problems({ officeHours: [{ from: '13:30', to: '17:30' }, { from: '09:00', to: '12:00' }] })[0]).toMatch(/^officeHours\[1\]\.from: .* must be in order/);
    expect(problems({ officeHours: [] })).toEqual(['officeHours: office hours need at least one range']);
    // Touching ranges and a range to 24:00 are fine.
    expect(slaPolicyProblems({ officeHours: [{ from: '08:00', to: '12:00' }, { from: '12:00', to: '24:00' }] })).toEqual([]);
    expect(minutesOfDay('13:30')).toBe(810);
  });

  it('checks reminders, due-soon, escalation and the rectification limit', () => {
    expect(problems({ reminders: [0.8, 0.5] })).toEqual(['reminders[1]: reminder fractions must increase: 0.5 follows 0.8']);
    expect(problems({ reminders: [0, 1] })).toEqual(['reminders[0]: a fraction must be greater than 0']);
    expect(problems({ reminders: [0.5, 1.2] })).toEqual(['reminders[1]: a fraction must be at most 1']);
    expect(problems({ dueSoonFraction: 1.5 })).toEqual(['dueSoonFraction: a fraction must be at most 1']);
    expect(problems({ escalation: { stepFraction: 0 } })).toEqual(['escalation.stepFraction: stepFraction must be greater than 0']);
    expect(problems({ escalation: { maxLevel: 1.5 } })).toEqual(['escalation.maxLevel: maxLevel must be a whole number']);
    expect(problems({ rectificationWorkingDays: 0 })).toEqual(['rectificationWorkingDays: rectificationWorkingDays must be at least 1']);
    expect(problems({ unknown: 1 })[0]).toMatch(/unknown/i);
  });
});
