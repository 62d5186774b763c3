// Access control and the audit trail: staff sessions (login with CSRF token), login failures for
// throttling, API tokens that expire, users bound to a department, the hash-chained audit log
// (append-only: triggers refuse update, delete and truncate), and the personal contact fields of
// feedback, which are stored encrypted (ciphertext as text; see services/privacy).
import type { Kysely } from 'kysely';
import { runStatements } from './statements';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type.
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `alter table users add column department_code text references departments (code)`,
    `alter table users add column password_changed_at timestamptz not null default now()`,
    `create table sessions (
      id_hash text primary key,
      username text not null references users (username),
      csrf_token text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      last_seen_at timestamptz not null default now(),
      revoked_at timestamptz,
      client_ip text,
      user_agent text
    )`,
    `create index sessions_username on sessions (username)`,
    `create table login_failures (
      id bigserial primary key,
      username text not null,
      client_ip text not null,
      at timestamptz not null default now()
    )`,
    `create index login_failures_username_at on login_failures (username, at)`,
    `create index login_failures_ip_at on login_failures (client_ip, at)`,
    `alter table api_tokens add column expires_at timestamptz`,
    `alter table api_tokens add column last_used_at timestamptz`,
    `alter table api_tokens add column revoked_by text references users (username)`,
    `create table audit_log (
      seq bigint primary key check (seq >= 1),
      at timestamptz not null,
      actor text not null,
      actor_kind text not null check (actor_kind in ('user', 'token', 'system', 'anonymous')),
      action text not null,
      entity_type text not null,
      entity_id text,
      org_unit_code text,
      client_ip text,
      details jsonb not null default '{}'::jsonb,
      prev_hash text not null,
      hash text not null unique
    )`,
    `create index audit_log_action_at on audit_log (action, at)`,
    `create index audit_log_entity on audit_log (entity_type, entity_id)`,
    `create function audit_log_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
      end
    $$`,
    `create trigger audit_log_no_update before update or delete on audit_log for each row execute function audit_log_append_only()`,
    `create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_log_append_only()`,
    `alter table feedback add column contact_name text`,
    `alter table feedback add column contact_phone text`,
    `alter table feedback add column contact_id_number text`,
  ]);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up().
export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    'alter table feedback drop column contact_id_number',
    'alter table feedback drop column contact_phone',
    'alter table feedback drop column contact_name',
    'drop table audit_log',
    'drop function audit_log_append_only',
    'alter table api_tokens drop column revoked_by',
    'alter table api_tokens drop column last_used_at',
    'alter table api_tokens drop column expires_at',
    'drop table login_failures',
    'drop table sessions',
    'alter table users drop column password_changed_at',
    'alter table users drop column department_code',
  ]);
}
