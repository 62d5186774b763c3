// The ingestion types: `POST /api/ingest/{type}` and `govperf import TYPE FILE` (CSV/XLSX) accept
// the same types with the same rules. `quality` is not ingested: the platform's checks write it.
import type { z } from 'zod';
import type { FactTypeDefinition } from './define';
import { APPS } from './apps';
import { DEPARTMENTS } from './departments';
import { EVENTS } from './events';
import { FEEDBACK } from './feedback';
import { HANDLING_RECORDS } from './handling-records';
import { MANUAL_SUBMISSIONS } from './manual-submissions';
import { MYSTERY_SHOPPER_RUNS } from './mystery-shopper-runs';
import { OPERATIONS } from './operations';
import { ORG_UNITS } from './org-units';
import { RATINGS } from './ratings';
import { SERVICE_ITEMS } from './service-items';

// Which fields of which type are personal data (encrypted at rest, masked in responses).
export * from './personal-data';

export const FACT_TYPES = {
  'handling-records': HANDLING_RECORDS,
  ratings: RATINGS,
  events: EVENTS,
  feedback: FEEDBACK,
  'manual-submissions': MANUAL_SUBMISSIONS,
  'mystery-shopper-runs': MYSTERY_SHOPPER_RUNS,
  operations: OPERATIONS,
  'service-items': SERVICE_ITEMS,
  'org-units': ORG_UNITS,
  departments: DEPARTMENTS,
  apps: APPS,
} as const satisfies Record<string, FactTypeDefinition>;

export type FactTypeName = keyof typeof FACT_TYPES;
export const FACT_TYPE_NAMES = Object.keys(FACT_TYPES) as FactTypeName[];

/** The master-data types: identified by their code, upserted into the core tables. */
export const MASTER_DATA_TYPES = ['org-units', 'departments', 'apps'] as const satisfies readonly FactTypeName[];

/** A validated record of a type. */
export type FactRecord<T extends FactTypeName> = z.output<(typeof FACT_TYPES)[T]['schema']>;

export function isFactTypeName(name: string): name is FactTypeName {
  return Object.hasOwn(FACT_TYPES, name);
}
