// APP 埋点 events from the browser/mobile SDK (docs/metrics.md §2 events).
import { z } from 'zod';
import { SourceId, factType, strictFields } from './define';
import { AgeBand, FactTimestamp, Flag, Identifier, Label, OrgUnitCode, oneOf, orNull } from './fields';

export const EVENT_TYPES = ['page_view', 'click', 'task_start', 'task_finish', 'task_abandon', 'survey_ui', 'survey_nps', 'api_timing', 'register'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

const TASK_EVENTS: readonly EventType[] = ['task_start', 'task_finish', 'task_abandon'];

/** What `value` holds for the event types that need one. */
const VALUE_RULES: Partial<Record<EventType, { min: number; max: number; integer: boolean; meaning: string }>> = {
  survey_ui: { min: 1, max: 5, integer: true, meaning: 'stars, a whole number from 1 to 5' },
  survey_nps: { min: 0, max: 10, integer: true, meaning: 'a whole number from 0 to 10' },
  api_timing: { min: 0, max: Number.POSITIVE_INFINITY, integer: false, meaning: 'the response time in milliseconds, not negative' },
};

export const AppEventSchema = z
  .strictObject(
    {
      source_id: SourceId.optional(),
      event_id: Identifier,
      app_id: Identifier,
      /** The app owner's unit (user metrics). */
      app_org_unit: OrgUnitCode,
      /** The service item's unit (task metrics); null when the event concerns no item. */
      org_unit: orNull(OrgUnitCode),
      /** Pseudonymous user id; null for anonymous visitors. */
      user_id: orNull(Identifier),
      session_id: orNull(Identifier),
      task_id: orNull(Identifier),
      event_type: oneOf(EVENT_TYPES),
      item_code: orNull(Identifier),
      page_path: orNull(Label),
      occurred_at: FactTimestamp,
      device: orNull(Label),
      app_version: orNull(Label),
      /** survey_ui: stars 1–5; survey_nps: 0–10; api_timing: milliseconds. */
      value: orNull(z.number({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a number') })),
      core_function: Flag.default(false),
      user_age_band: orNull(AgeBand),
    },
    strictFields,
  )
  .superRefine((event, ctx) => {
    if (TASK_EVENTS.includes(event.event_type) && event.task_id === null) {
      ctx.addIssue({ code: 'custom', path: ['task_id'], message: `task_id is required when event_type is ${event.event_type}`, input: event.task_id });
    }
    const rule = VALUE_RULES[event.event_type];
    if (rule === undefined) return;
    const value = event.value;
    if (value === null) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `value is required when event_type is ${event.event_type} (${rule.meaning})`, input: value });
    } else if (value < rule.min || value > rule.max || (rule.integer && !Number.isInteger(value))) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `value must be ${rule.meaning} when event_type is ${event.event_type}`, input: value });
    }
  });

export const EVENTS = factType(AppEventSchema, {
  label: { zh: 'APP 埋点', en: 'App events' },
  sourceIdField: 'event_id',
});
export type AppEvent = z.output<typeof EVENTS.schema>;
