// The feedback loop (issue 6): raw citizen submissions stored before any processing, the tracked
// items (one work order each) with their SLA clock and history, the demand pool, the routing rules,
// the 差评 callbacks and the notification outbox. Processing is a queued job; whatever it does, the
// raw submission stays in feedback_submissions.
import type { Kysely } from 'kysely';
import { runStatements } from './statements';

const STATUSES = `'pending_review', 'accepted', 'developing', 'testing', 'online', 'rejected'`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    // Every submission as received (contact data already encrypted). Idempotent by (kind, submission_id);
    // one rating per case and stage.
    `create table feedback_submissions (
      id text primary key,
      kind text not null check (kind in ('feedback', 'rating')),
      client_id text not null,
      submission_id text not null,
      tracking_code text not null,
      payload jsonb not null,
      fingerprint text,
      case_id text,
      stage text,
      received_at timestamptz not null default now(),
      state text not null default 'received' check (state in ('received', 'processed', 'merged')),
      merged_into text references feedback_submissions (id),
      processed_at timestamptz,
      unique (kind, submission_id),
      unique (case_id, stage)
    )`,
    `create index feedback_submissions_client on feedback_submissions (client_id, received_at)`,
    `create index feedback_submissions_tracking on feedback_submissions (tracking_code)`,
    `create table feedback_demands (
      id text primary key,
      org_unit text not null references org_units (code),
      title text not null,
      tags text[] not null default '{}',
      support integer not null default 1 check (support >= 1),
      tier text check (tier in ('red', 'orange', 'yellow', 'blue')),
      high_alert boolean not null default false,
      assessment jsonb not null,
      priority jsonb not null,
      score double precision not null,
      urgency text not null check (urgency in ('P0', 'P1', 'P2', 'P3', 'P4')),
      quadrant text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`,
    `create index feedback_demands_unit on feedback_demands (org_unit, updated_at)`,
    // The tracked item and its work order. org_unit is null until processing has routed it.
    `create table feedback_items (
      id text primary key,
      tracking_code text not null unique,
      submission_id text not null references feedback_submissions (id),
      org_unit text references org_units (code),
      department text references departments (code),
      app_id text,
      item_code text,
      kind text,
      content text not null,
      sentiment text,
      sentiment_score double precision,
      tags text[] not null default '{}',
      alerts jsonb not null default '[]',
      tier text check (tier in ('red', 'orange', 'yellow', 'blue')),
      demand_id text references feedback_demands (id),
      support integer not null default 1 check (support >= 1),
      status text not null default 'pending_review' check (status in (${STATUSES})),
      status_reason text,
      received_at timestamptz not null,
      first_response_at timestamptz,
      due_at timestamptz,
      pauses jsonb not null default '[]',
      paused_at timestamptz,
      reminders_sent integer not null default 0,
      escalation_level smallint not null default 0,
      escalated_to text references org_units (code),
      closed_at timestamptz,
      delivered_at timestamptz,
      processed_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`,
    `create index feedback_items_unit on feedback_items (org_unit, status)`,
    `create index feedback_items_due on feedback_items (due_at) where closed_at is null`,
    `create table feedback_item_events (
      id bigint generated always as identity primary key,
      item_id text not null references feedback_items (id),
      at timestamptz not null default now(),
      actor text not null,
      kind text not null,
      status text,
      note text,
      details jsonb not null default '{}'
    )`,
    `create index feedback_item_events_item on feedback_item_events (item_id, id)`,
    // Routing: the most specific matching rule wins (tag, org unit, service item), then the lowest rank.
    `create table feedback_routing_rules (
      id bigint generated always as identity primary key,
      tag text,
      org_unit text references org_units (code),
      item_code text,
      department text not null references departments (code),
      target_org_unit text references org_units (code),
      rank integer not null default 100,
      created_at timestamptz not null default now()
    )`,
    // 差评 callbacks: a real-name bad rating is called back and rectified by its deadline.
    `create table feedback_callbacks (
      id text primary key,
      submission_id text not null unique references feedback_submissions (id),
      rating_id text not null,
      org_unit text not null references org_units (code),
      level smallint not null check (level between 1 and 5),
      contact_name text,
      contact_phone text not null,
      due_at timestamptz not null,
      status text not null default 'open' check (status in ('open', 'done')),
      outcome text,
      created_at timestamptz not null default now(),
      closed_at timestamptz
    )`,
    `create index feedback_callbacks_unit on feedback_callbacks (org_unit, status, due_at)`,
    // Notifications to submitters (by tracking code) and to departments (reminders, escalations).
    `create table feedback_notifications (
      id bigint generated always as identity primary key,
      tracking_code text,
      item_id text references feedback_items (id),
      recipient text not null check (recipient in ('submitter', 'department', 'supervisor')),
      channel text not null default 'outbox',
      kind text not null,
      message jsonb not null,
      created_at timestamptz not null default now(),
      sent_at timestamptz,
      attempts integer not null default 0
    )`,
    `create index feedback_notifications_unsent on feedback_notifications (id) where sent_at is null`,
  ]);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type.
export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    'drop table feedback_notifications',
    'drop table feedback_callbacks',
    'drop table feedback_routing_rules',
    'drop table feedback_item_events',
    'drop table feedback_items',
    'drop table feedback_demands',
    'drop table feedback_submissions',
  ]);
}
