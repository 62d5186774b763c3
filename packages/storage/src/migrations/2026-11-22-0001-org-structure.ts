// Org units (GB/T 2260) with a closure table for subtree queries and roll-ups, departments,
// apps, service items and their steps, indicator systems, ingestion tokens and bookkeeping.
import type { Kysely } from 'kysely';
import { runStatements } from './statements';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table org_units (
      code text primary key check (code ~ '^[0-9]{6}([0-9]{3}([0-9]{3})?)?$'),
      name text not null check (length(name) > 0),
      level text not null check (level in ('country', 'province', 'city', 'county', 'township')),
      parent_code text references org_units (code),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`,
    `create index org_units_parent on org_units (parent_code)`,
    // Every (ancestor, descendant) pair including (u, u) at depth 0: subtree scoping and
    // metric roll-up are one join.
    `create table org_unit_closure (
      ancestor_code text not null references org_units (code) on delete cascade,
      descendant_code text not null references org_units (code) on delete cascade,
      depth integer not null check (depth >= 0),
      primary key (ancestor_code, descendant_code)
    )`,
    `create index org_unit_closure_descendant on org_unit_closure (descendant_code)`,
    `create table departments (
      code text primary key,
      name text not null,
      org_unit_code text not null references org_units (code),
      created_at timestamptz not null default now()
    )`,
    `create table apps (
      code text primary key,
      name text not null,
      org_unit_code text not null references org_units (code),
      kind text not null default 'app' check (kind in ('app', 'mini_program', 'web', 'kiosk')),
      created_at timestamptz not null default now()
    )`,
    `create table service_items (
      code text primary key,
      name text not null,
      item_type text not null check (item_type in ('immediate', 'promised', 'joint', 'special')),
      high_frequency boolean not null default false,
      statutory_limit_days integer check (statutory_limit_days >= 0),
      promised_limit_days integer check (promised_limit_days >= 0),
      online_level integer not null default 0 check (online_level between 0 and 4),
      org_unit_code text not null references org_units (code),
      department_code text references departments (code),
      applicant_type text not null default 'person' check (applicant_type in ('person', 'enterprise', 'both')),
      life_event text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`,
    `create index service_items_org_unit on service_items (org_unit_code)`,
    `create table service_item_steps (
      item_code text not null references service_items (code) on delete cascade,
      seq integer not null check (seq >= 1),
      name text not null,
      department_code text references departments (code),
      limit_hours numeric check (limit_hours >= 0),
      primary key (item_code, seq)
    )`,
    `create table indicator_systems (
      code text not null,
      version text not null,
      hash text not null,
      name_zh text not null,
      name_en text not null,
      document jsonb not null,
      created_at timestamptz not null default now(),
      primary key (code, version)
    )`,
    `create table api_tokens (
      id text primary key,
      name text not null,
      token_hash text not null unique,
      fact_types text[] not null,
      org_unit_code text not null references org_units (code),
      created_at timestamptz not null default now(),
      revoked_at timestamptz
    )`,
    `create table ingestion_batches (
      id text primary key,
      fact_type text not null,
      channel text not null check (channel in ('http', 'file', 'demo')),
      source text not null,
      file_name text,
      accepted integer not null default 0,
      duplicates integer not null default 0,
      rejected integer not null default 0,
      started_at timestamptz not null default now(),
      finished_at timestamptz
    )`,
    // Nothing accepted is lost, and nothing rejected is thrown away: the raw record and why.
    `create table rejected_records (
      id bigint generated always as identity primary key,
      batch_id text not null references ingestion_batches (id),
      fact_type text not null,
      source text not null,
      source_id text,
      record_index integer not null,
      payload jsonb not null,
      errors jsonb not null,
      received_at timestamptz not null default now()
    )`,
    `create index rejected_records_type_time on rejected_records (fact_type, received_at)`,
  ]);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up().
export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    'drop table rejected_records',
    'drop table ingestion_batches',
    'drop table api_tokens',
    'drop table indicator_systems',
    'drop table service_item_steps',
    'drop table service_items',
    'drop table apps',
    'drop table departments',
    'drop table org_unit_closure',
    'drop table org_units',
  ]);
}
