// Quality checks on arrival. A record that passes the schema but describes something impossible
// (a case completed before it was filed, a timestamp in the future) is stored — nothing accepted
// is lost — but with quality_status 'rejected' and the reason, so it never reaches a score and
// shows up in the data-quality report. Late sync is only flagged.

export type QualityStatus = 'accepted' | 'rejected' | 'flagged';

export interface QualityVerdict {
  status: QualityStatus;
  flags: string[];
}

/** Clock skew tolerated before a timestamp counts as "in the future". */
const FUTURE_SLACK_MS = 5 * 60 * 1000;
/** Records arriving more than this after their event are late (docs: sync delay ≤ 2 h). */
const LATE_SYNC_MS = 2 * 3600 * 1000;

/** Pairs (earlier, later) that must be in order, per type. */
const ORDERED: Record<string, [string, string][]> = {
  'handling-records': [
    ['submitted_at', 'accepted_at'],
    ['submitted_at', 'completed_at'],
    ['accepted_at', 'completed_at'],
    ['appointment_slot_start', 'appointment_slot_end'],
  ],
  ratings: [['rated_at', 'rectified_at']],
  feedback: [
    ['received_at', 'first_response_at'],
    ['received_at', 'resolved_at'],
    ['received_at', 'closed_at'],
  ],
  operations: [
    ['started_at', 'ended_at'],
    ['started_at', 'responded_at'],
    ['started_at', 'recovered_at'],
    ['reported_at', 'fixed_at'],
    ['submitted_at', 'answered_at'],
  ],
};

/** The field that says when the event happened, for the late-sync check. */
const EVENT_TIME: Record<string, string> = {
  // docs/metrics.md (quality.sync_delay): a case's latest state change; completion when done.
  'handling-records': 'completed_at',
  ratings: 'rated_at',
  events: 'occurred_at',
  feedback: 'received_at',
  'mystery-shopper-runs': 'run_at',
};

const time = (value: unknown): number | null => (typeof value === 'string' ? Date.parse(value) : null);

export function checkOnArrival(type: string, record: Record<string, unknown>, now: Date): QualityVerdict {
  const flags: string[] = [];
  let rejected = false;
  for (const [field, value] of Object.entries(record)) {
    if (!field.endsWith('_at')) continue;
    const t = time(value);
    if (t !== null && t > now.getTime() + FUTURE_SLACK_MS) {
      flags.push(`future_timestamp:${field}`);
      rejected = true;
    }
  }
  for (const [earlier, later] of ORDERED[type] ?? []) {
    const a = time(record[earlier]);
    const b = time(record[later]);
    if (a !== null && b !== null && b < a) {
      flags.push(`negative_duration:${earlier}>${later}`);
      rejected = true;
    }
  }
  if (type === 'events' && record.event_type === 'api_timing' && typeof record.value === 'number' && record.value < 0) {
    flags.push('negative_duration:value');
    rejected = true;
  }
  const eventField = EVENT_TIME[type];
  const eventTime = eventField ? (time(record[eventField]) ?? (type === 'handling-records' ? (time(record.accepted_at) ?? time(record.submitted_at)) : null)) : null;
  if (!rejected && eventTime !== null && now.getTime() - eventTime > LATE_SYNC_MS) flags.push('late_sync');
  return { status: rejected ? 'rejected' : 'accepted', flags };
}
