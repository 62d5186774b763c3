// @govperf/storage: the database (PGlite embedded or PostgreSQL), migrations and repositories.
export { copyCsvText, isEmbedded, openDatabase, type Database, type DatabaseTarget } from './database';
export { migrateToLatest, pendingMigrations, type MigrateOutcome } from './migrate';
export { MIGRATIONS } from './migrations';
export type * from './schema';
export * from './repos/org-units.repo';
export * from './repos/indicator-systems.repo';
export * from './repos/evaluation-runs.repo';
export * from './facts';
