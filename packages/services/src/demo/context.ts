// What every generator of the demo shares: seed, scale, clock, calendar, divisions, apps and the
// item catalogue.
import type { DemoCalendar } from './calendar';
import type { UnitCatalogue } from './catalogue';
import { json } from './csv';
import type { DemoApp, Province } from './province';
import type { Timeline } from './timeline';

export interface DemoContext {
  seed: number;
  /** 1 = the default size (≥ 1,000,000 handling records). */
  scale: number;
  /** Scale of the small tables (mystery runs, incidents…): never below 0.05, so tiny demos still have some. */
  minor: number;
  now: number;
  timeline: Timeline;
  calendar: DemoCalendar;
  province: Province;
  apps: readonly DemoApp[];
  catalogue: Map<string, UnitCatalogue>;
  /** Batch id of a fact table (one ingestion_batches row per table, channel 'demo'). */
  batch(table: string): string;
}

/** Quality flags as CSV cells. */
export const FLAGS_CSV = {
  none: '[]',
  lateSync: json(['late_sync']),
  negative: json(['negative_duration']),
  impossible: json(['impossible_duration']),
  future: json(['future_timestamp']),
  duplicate: json(['duplicate']),
  concentrated: json(['concentrated_scores']),
} as const;

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** The head columns every fact table starts with (id is generated). */
export const HEAD = ['source', 'source_id', 'batch_id', 'ingested_at', 'quality_status', 'quality_flags'] as const;
