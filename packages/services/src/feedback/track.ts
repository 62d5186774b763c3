// The public tracker (issue 6 §6): by tracking code, without signing in — the status, its label,
// and the history of status changes. No personal data, no staff names, no department internals;
// texts are returned as stored (the client renders them as text, never as HTML).
import { AppError } from '@govperf/contracts';
import type { DB } from '@govperf/storage';
import type { Kysely } from 'kysely';
import { RATING_STATUS_LABELS, STATUS_LABELS, TRACKING_CODE_PATTERN } from './model';

export interface TrackingView {
  trackingCode: string;
  status: string;
  statusLabel: { zh: string; en: string };
  history: { status: string; at: string; note?: string }[];
  reason?: string;
}

const NOT_FOUND = () => new AppError('not_found', { message: { zh: '查询码不存在，请核对后重试', en: 'no item has this tracking code; check it and try again' } });

/** Events the submitter sees, and the note shown for those whose own note is internal. */
const PUBLIC_EVENTS: Record<string, { note: 'own' | { zh: string; en: string } | null }> = {
  received: { note: null },
  status: { note: 'own' },
  paused: { note: 'own' },
  resumed: { note: { zh: '已收到补充材料，继续办理', en: 'information received; handling continues' } },
  transferred: { note: { zh: '已转交相关部门办理', en: 'passed to the responsible department' } },
};

export async function trackByCode(db: Kysely<DB>, rawCode: string, language: 'zh' | 'en' = 'zh'): Promise<TrackingView> {
  const trackingCode = rawCode.trim().toUpperCase();
  if (!TRACKING_CODE_PATTERN.test(trackingCode)) throw NOT_FOUND();
  const item = await db.selectFrom('feedback_items').select(['id', 'status', 'status_reason']).where('tracking_code', '=', trackingCode).executeTakeFirst();
  if (item) {
    const events = await db.selectFrom('feedback_item_events').select(['kind', 'status', 'note', 'at']).where('item_id', '=', item.id).where('kind', 'in', Object.keys(PUBLIC_EVENTS)).orderBy('id').execute();
    return {
      trackingCode,
      status: item.status,
      statusLabel: STATUS_LABELS[item.status],
      history: events.map((e) => {
        const rule = PUBLIC_EVENTS[e.kind]!.note;
        const note = rule === 'own' ? e.note : rule ? rule[language] : null;
        return { status: e.status ?? 'pending_review', at: new Date(e.at).toISOString(), ...(note ? { note } : {}) };
      }),
      ...(item.status === 'rejected' && item.status_reason ? { reason: item.status_reason } : {}),
    };
  }
  // A rating: received, recorded, and for a real-name 差评 its callback.
  const rating = await db.selectFrom('feedback_submissions').select(['id', 'state', 'received_at', 'processed_at']).where('kind', '=', 'rating').where('tracking_code', '=', trackingCode).executeTakeFirst();
  if (!rating) throw NOT_FOUND();
  const callback = await db.selectFrom('feedback_callbacks').select(['status', 'created_at', 'closed_at', 'outcome']).where('submission_id', '=', rating.id).executeTakeFirst();
  const history: TrackingView['history'] = [{ status: 'received', at: new Date(rating.received_at).toISOString() }];
  if (rating.processed_at) history.push({ status: 'recorded', at: new Date(rating.processed_at).toISOString() });
  if (callback) history.push({ status: 'callback_open', at: new Date(callback.created_at).toISOString() });
  if (callback?.closed_at) history.push({ status: 'callback_done', at: new Date(callback.closed_at).toISOString(), ...(callback.outcome ? { note: callback.outcome } : {}) });
  const status = history.at(-1)!.status as keyof typeof RATING_STATUS_LABELS;
  return { trackingCode, status, statusLabel: RATING_STATUS_LABELS[status], history };
}
