// 体验官积分流水 / The contributor points ledger (issue 6 §6): one row per point award to a pseudonymous
// SDK client id — 1 when its feedback is processed, +5 when the item is accepted (已受理), +20 when it
// is delivered (已上线). unique (item_id, reason) makes awarding idempotent (a retried job or a
// repeated status step awards nothing twice). Points are earned once and kept: an item accepted and
// later rejected (不予采纳) keeps its +5, since the contributor's report was useful when accepted and
// a ledger that silently shrinks would be a surprise to the citizen. The standing is the sum of the
// ledger. The backfill awards what the current data shows: processed feedback, items now accepted or
// further (or with an 'accepted'-or-further status event in their history), items now delivered.
import type { Kysely } from 'kysely';
import { runStatements } from './statements';

const ACCEPTED = `('accepted', 'developing', 'testing', 'online')`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table contributor_points (
      id bigint generated always as identity primary key,
      client_id text not null,
      item_id text not null references feedback_items (id),
      reason text not null check (reason in ('processed', 'accepted', 'delivered')),
      points integer not null check (points > 0),
      awarded_at timestamptz not null default now(),
      unique (item_id, reason)
    )`,
    `create index contributor_points_client on contributor_points (client_id, awarded_at desc)`,
    // Backfill: processed feedback (merged near-duplicates have no item of their own; ratings no item).
    `insert into contributor_points (client_id, item_id, reason, points, awarded_at)
      select s.client_id, i.id, 'processed', 1, coalesce(i.processed_at, s.processed_at, i.received_at)
      from feedback_submissions s join feedback_items i on i.submission_id = s.id
      where s.kind = 'feedback' and s.state = 'processed'
      on conflict (item_id, reason) do nothing`,
    `insert into contributor_points (client_id, item_id, reason, points, awarded_at)
      select s.client_id, i.id, 'accepted', 5,
        coalesce((select min(e.at) from feedback_item_events e where e.item_id = i.id and e.kind = 'status' and e.status in ${ACCEPTED}), i.first_response_at, i.delivered_at, i.updated_at)
      from feedback_submissions s join feedback_items i on i.submission_id = s.id
      where s.kind = 'feedback' and s.state = 'processed'
        and (i.status in ${ACCEPTED}
          or exists (select 1 from feedback_item_events e where e.item_id = i.id and e.kind = 'status' and e.status in ${ACCEPTED}))
      on conflict (item_id, reason) do nothing`,
    `insert into contributor_points (client_id, item_id, reason, points, awarded_at)
      select s.client_id, i.id, 'delivered', 20,
        coalesce(i.delivered_at, (select min(e.at) from feedback_item_events e where e.item_id = i.id and e.kind = 'status' and e.status = 'online'), i.updated_at)
      from feedback_submissions s join feedback_items i on i.submission_id = s.id
      where s.kind = 'feedback' and s.state = 'processed' and i.status = 'online'
      on conflict (item_id, reason) do nothing`,
  ]);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type.
export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, ['drop table contributor_points']);
}
