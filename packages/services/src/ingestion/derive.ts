// Fields the platform computes at ingest with the national working-day calendar, so SQL only
// ever compares timestamps (docs/metrics.md §1 "Working days").
import type { FactTypeName } from '@govperf/contracts';
import { workingDayDeadline, workingDaysElapsed } from '@govperf/engine';
import type { DerivedFields } from '@govperf/storage';

/** National 好差评 rule: a real-name bad review is rectified within 15 working days. */
export const RECTIFY_WORKING_DAYS = 15;
/** Response tiers (四色): red 2 h, orange 24 h, yellow 72 h, blue 7 working days. */
const TIER_HOURS: Record<string, number> = { red: 2, orange: 24, yellow: 72 };
const BLUE_WORKING_DAYS = 7;

const date = (value: unknown): Date | null => (typeof value === 'string' ? new Date(value) : value instanceof Date ? value : null);

export function deriveFields(type: FactTypeName, record: Record<string, unknown>): Record<string, unknown> {
  switch (type) {
    case 'handling-records': {
      const accepted = date(record.accepted_at);
      const completed = date(record.completed_at);
      const limit = typeof record.promised_limit_days === 'number' ? record.promised_limit_days : null;
      const derived: DerivedFields['handling-records'] = {
        promised_due_at: accepted && limit !== null ? workingDayDeadline(accepted, limit) : null,
        elapsed_working_days: accepted && completed && completed >= accepted ? workingDaysElapsed(accepted, completed) : null,
      };
      return derived;
    }
    case 'ratings': {
      const rated = date(record.rated_at);
      const bad = typeof record.level === 'number' && record.level <= 2;
      const derived: DerivedFields['ratings'] = { rectify_due_at: rated && bad ? workingDayDeadline(rated, RECTIFY_WORKING_DAYS) : null };
      return derived;
    }
    case 'feedback': {
      const received = date(record.received_at);
      const tier = typeof record.tier === 'string' ? record.tier : null;
      let due: Date | null = null;
      if (received && tier) due = tier === 'blue' ? workingDayDeadline(received, BLUE_WORKING_DAYS) : new Date(received.getTime() + (TIER_HOURS[tier] ?? 0) * 3600_000);
      const derived: DerivedFields['feedback'] = { due_at: due };
      return derived;
    }
    case 'operations': {
      if (record.kind !== 'sharing_application') return {};
      // The catalogue's promised response time; none given means the default 3 working days.
      const submitted = date(record.submitted_at);
      const days = typeof record.response_limit_days === 'number' ? record.response_limit_days : 3;
      const derived: DerivedFields['operations'] = { due_at: submitted ? workingDayDeadline(submitted, days) : null };
      return derived;
    }
    default:
      return {};
  }
}
