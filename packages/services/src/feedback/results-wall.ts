// 改进成果墙 / the results wall (issue 6 §6): adopted feedback items (已上线: status online with
// delivered_at set) in a region's subtree, newest delivery first, with public fields only and a
// before/after figure computed in SQL.
//
// Rule: for an item delivered at D in unit U with tags T, "before" counts the feedback items of U
// received in [D − 30 days, D) that share at least one tag with T (the item itself excluded), and
// "after" counts those received in [D, D + 30 days). While D + 30 days lies in the future, after
// and the change are null. change = (after − before) / before × 100, rounded to one decimal; null
// when before is 0. An item without tags has before = after = 0.
import { DEFAULT_TAXONOMY } from '@govperf/text';
import type { DB } from '@govperf/storage';
import { sql, type Kysely } from 'kysely';
import { maskFreeText } from '../privacy/masking';
import { requireRegion, type PublicRegion } from '../public/results';

export const RESULTS_WALL_WINDOW_DAYS = 30;
export const RESULTS_WALL_EXCERPT_CHARS = 60;
const DEFAULT_LIMIT = 50;

export interface ResultsWallItem {
  trackingCode: string;
  unit: string;
  unitName: string;
  tags: { code: string; label: { zh: string; en: string } }[];
  /** The first characters of the text, personal data masked. */
  excerpt: string;
  support: number;
  deliveredAt: string;
  /** Items of the same unit sharing a tag, received in the 30 days before delivery. */
  before: number;
  /** The same in the 30 days after; null until 30 days have passed. */
  after: number | null;
  /** (after − before) / before in %, one decimal; null without after or with before = 0. */
  changePercent: number | null;
}

export interface ResultsWall {
  region: PublicRegion;
  windowDays: number;
  items: ResultsWallItem[];
}

const TAG_LABELS = new Map(DEFAULT_TAXONOMY.tags.map((t) => [t.code, { zh: t.zh, en: t.en }]));
const tagLabel = (code: string) => TAG_LABELS.get(code) ?? { zh: code, en: code };

/** Masks personal data first, then cuts to the excerpt length (so a cut never reveals part of a number). */
export function excerptOf(text: string, max = RESULTS_WALL_EXCERPT_CHARS): string {
  const chars = Array.from(maskFreeText(text.replace(/\s+/g, ' ').trim()));
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max).join('')}…`;
}

type Row = { tracking_code: string; org_unit: string; unit_name: string; tags: string[]; content: string; support: number; delivered_at: Date | string; before: string | number; after: string | number; complete: boolean };

export async function resultsWall(db: Kysely<DB>, region: unknown, options: { limit?: number | undefined; now?: Date } = {}): Promise<ResultsWall> {
  const scope = await requireRegion(db, region);
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? DEFAULT_LIMIT), 1), 200);
  const now = options.now ?? new Date();
  const window = sql`make_interval(days => ${RESULTS_WALL_WINDOW_DAYS})`;
  const { rows } = await sql<Row>`
    select i.tracking_code, i.org_unit, u.name as unit_name, i.tags, i.content, i.support, i.delivered_at,
      (select count(*) from feedback_items o
        where o.org_unit = i.org_unit and o.id <> i.id and o.tags && i.tags
          and o.received_at >= i.delivered_at - ${window} and o.received_at < i.delivered_at) as before,
      (select count(*) from feedback_items o
        where o.org_unit = i.org_unit and o.id <> i.id and o.tags && i.tags
          and o.received_at >= i.delivered_at and o.received_at < i.delivered_at + ${window}) as after,
      i.delivered_at + ${window} <= ${now} as complete
    from feedback_items i
    join org_unit_closure cl on cl.descendant_code = i.org_unit and cl.ancestor_code = ${scope.code}
    join org_units u on u.code = i.org_unit
    where i.status = 'online' and i.delivered_at is not null
    order by i.delivered_at desc, i.tracking_code
    limit ${limit}`.execute(db);
  return {
    region: scope,
    windowDays: RESULTS_WALL_WINDOW_DAYS,
    items: rows.map((r) => {
      const before = Number(r.before);
      const after = r.complete ? Number(r.after) : null;
      return {
        trackingCode: r.tracking_code,
        unit: r.org_unit,
        unitName: r.unit_name,
        tags: r.tags.map((code) => ({ code, label: tagLabel(code) })),
        excerpt: excerptOf(r.content),
        support: r.support,
        deliveredAt: new Date(r.delivered_at).toISOString(),
        before,
        after,
        changePercent: after === null || before === 0 ? null : Math.round(((after - before) / before) * 1000) / 10,
      };
    }),
  };
}
