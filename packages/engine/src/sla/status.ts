// Where a work order stands against its limit at `now`: deadline, time left, reminders due and
// the escalation level (docs/sla-and-priority.md).
import { DEFAULT_SLA_POLICY, type EscalationPolicy, type SlaLimit } from '@govperf/contracts';
import { clockInternals, slaLimitMs, type SlaClockOptions } from './clock';

export type SlaState = 'on_track' | 'due_soon' | 'overdue' | 'paused';

export interface SlaStatusOptions extends SlaClockOptions {
  /** Fractions of the limit at which reminders fall due (default 0.5, 0.8 and 1 = the deadline). */
  reminders?: readonly number[];
  /** on_track turns due_soon at this fraction used (default 0.8). */
  dueSoonFraction?: number;
  /** Default: level 1 once overdue, +1 per further whole limit, at most 3. */
  escalation?: EscalationPolicy;
}

export interface SlaReminder {
  /** The fraction of the limit used at which it fell due. */
  fraction: number;
  /** The instant it fell due. */
  dueAt: Date;
}

export interface SlaStatus {
  /** overdue wins over paused: a case overdue before it was paused stays overdue. */
  state: SlaState;
  /**
   * When the limit falls due. While an open pause holds the clock, the deadline the case would
   * have if it resumed at `now` (it moves out for as long as the pause lasts).
   */
  deadline: Date;
  /** Start of the pause that holds the clock at `now`, or null. */
  pausedSince: Date | null;
  /** All in milliseconds of the clock's kind (working time for working clocks). */
  limitMs: number;
  consumedMs: number;
  remainingMs: number;
  overdueMs: number;
  /** consumed / limit; above 1 once overdue. */
  fractionUsed: number;
  /** The reminders whose fraction has been reached, in order: a sender skips those already sent. */
  remindersDue: SlaReminder[];
  /** 0 = not overdue; 1 = the parent org unit; 2 = the grandparent; … (see `escalationTarget`). */
  escalationLevel: number;
}

function checkReminders(reminders: readonly number[]): void {
  for (const [i, fraction] of reminders.entries()) {
    if (!(fraction > 0 && fraction <= 1)) throw new RangeError(`reminder ${i + 1} must be a fraction in (0, 1], got ${fraction}`);
    if (i > 0 && fraction <= reminders[i - 1]!) throw new RangeError(`reminder fractions must increase: ${fraction} follows ${reminders[i - 1]}`);
  }
}

/** The escalation level for a clock `overdueMs` past a limit of `limitMs` (0 when not overdue). */
export function escalationLevel(consumedMs: number, limitMs: number, escalation: EscalationPolicy = DEFAULT_SLA_POLICY.escalation): number {
  if (!(escalation.stepFraction > 0) || !Number.isInteger(escalation.maxLevel) || escalation.maxLevel < 1) {
    throw new RangeError(`escalation needs stepFraction > 0 and a whole maxLevel ≥ 1, got ${escalation.stepFraction} and ${escalation.maxLevel}`);
  }
  if (consumedMs < limitMs) return 0;
  return Math.min(escalation.maxLevel, 1 + Math.floor((consumedMs - limitMs) / (escalation.stepFraction * limitMs)));
}

/**
 * The org unit a level goes to, given the ancestors nearest first (parent, grandparent, …):
 * level n → the nth ancestor, or the top one when the hierarchy is shorter; null at level 0
 * or without ancestors.
 */
export function escalationTarget<Unit>(ancestors: readonly Unit[], level: number): Unit | null {
  if (level < 1 || ancestors.length === 0) return null;
  return ancestors[Math.min(level, ancestors.length) - 1]!;
}

/** The state of a work order's clock at `now`. */
export function slaStatus(start: Date, now: Date, limit: SlaLimit, options: SlaStatusOptions = {}): SlaStatus {
  const limitMs = slaLimitMs(limit);
  const nowMs = now instanceof Date ? now.getTime() : Number.NaN;
  if (Number.isNaN(nowMs)) throw new RangeError('now is not a valid instant');
  const reminders = options.reminders ?? DEFAULT_SLA_POLICY.reminders;
  checkReminders(reminders);
  const dueSoonFraction = options.dueSoonFraction ?? DEFAULT_SLA_POLICY.dueSoonFraction;
  if (!(dueSoonFraction > 0 && dueSoonFraction <= 1)) throw new RangeError(`dueSoonFraction must be in (0, 1], got ${dueSoonFraction}`);

  // Validate the pauses as given, then read an open pause as ending now: the deadline if resumed now.
  const clock = clockInternals.setup(start, limit.unit, options);
  const open = clock.pauses.find((pause) => pause.to === Number.POSITIVE_INFINITY);
  if (open) open.to = Math.max(open.from, nowMs);
  const holding = clock.pauses.find((pause) => pause.from <= nowMs && nowMs < pause.to) ?? (open && open.from <= nowMs ? open : undefined);

  const consumedMs = clockInternals.consumedMs(clock, nowMs);
  const instantOf = (targetMs: number) => new Date(clockInternals.instantAfter(clock, targetMs)!);
  const fractionUsed = consumedMs / limitMs;
  // Whole milliseconds, so 0.8 × 2 h is exactly 96 minutes despite binary fractions.
  const reminderMs = (fraction: number) => Math.round(fraction * limitMs);
  const state: SlaState = consumedMs >= limitMs ? 'overdue' : holding ? 'paused' : fractionUsed >= dueSoonFraction ? 'due_soon' : 'on_track';
  return {
    state,
    deadline: instantOf(limitMs),
    pausedSince: holding ? new Date(holding.from) : null,
    limitMs,
    consumedMs,
    remainingMs: Math.max(0, limitMs - consumedMs),
    overdueMs: Math.max(0, consumedMs - limitMs),
    fractionUsed,
    remindersDue: reminders.filter((fraction) => consumedMs >= reminderMs(fraction)).map((fraction) => ({ fraction, dueAt: instantOf(reminderMs(fraction)) })),
    escalationLevel: escalationLevel(consumedMs, limitMs, options.escalation),
  };
}
