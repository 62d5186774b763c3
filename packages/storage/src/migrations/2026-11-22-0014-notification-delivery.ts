// Notification delivery (issue 6): the outbox of migration 0011 becomes a delivery queue. Each
// notification gets an idempotency key (sent with every attempt, so a gateway that saw an attempt
// whose answer was lost does not send twice), the time of its next attempt (exponential backoff),
// the last error, the channel that delivered it, and failed_at when it is dead-lettered. org_unit
// scopes the staff views of failed notifications (taken from the item when there is one).
// rate_limit_windows: the fixed-window counters of the public intake limits, shared by every
// server process on the database (one row per key and window, purged daily).
import type { Kysely } from 'kysely';
import { runStatements } from './statements';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `alter table feedback_notifications add column idempotency_key text not null default ('ntf_' || gen_random_uuid()::text)`,
    `alter table feedback_notifications add column org_unit text references org_units (code)`,
    `alter table feedback_notifications add column next_attempt_at timestamptz`,
    `alter table feedback_notifications add column last_error text`,
    `alter table feedback_notifications add column failed_at timestamptz`,
    `alter table feedback_notifications add column delivered_via text`,
    `update feedback_notifications n set org_unit = i.org_unit from feedback_items i where i.id = n.item_id and n.org_unit is null`,
    `create unique index feedback_notifications_idempotency on feedback_notifications (idempotency_key)`,
    'drop index feedback_notifications_unsent',
    // What the delivery job reads: due, neither sent nor dead-lettered.
    `create index feedback_notifications_due on feedback_notifications (next_attempt_at, id) where sent_at is null and failed_at is null`,
    `create index feedback_notifications_failed on feedback_notifications (org_unit, failed_at) where failed_at is not null`,
    `create table rate_limit_windows (
      key text not null,
      window_start timestamptz not null,
      count integer not null,
      primary key (key, window_start)
    )`,
    `create index rate_limit_windows_start on rate_limit_windows (window_start)`,
  ]);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type.
export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    'drop table rate_limit_windows',
    'drop index feedback_notifications_failed',
    'drop index feedback_notifications_due',
    'drop index feedback_notifications_idempotency',
    `create index feedback_notifications_unsent on feedback_notifications (id) where sent_at is null`,
    'alter table feedback_notifications drop column delivered_via',
    'alter table feedback_notifications drop column failed_at',
    'alter table feedback_notifications drop column last_error',
    'alter table feedback_notifications drop column next_attempt_at',
    'alter table feedback_notifications drop column org_unit',
    'alter table feedback_notifications drop column idempotency_key',
  ]);
}
