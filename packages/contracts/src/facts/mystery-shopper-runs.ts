// 神秘顾客 mystery-shopper runs recorded by third-party evaluators (docs/metrics.md §2 mystery).
import { z } from 'zod';
import { SourceId, factType, strictFields } from './define';
import { Count, FactTimestamp, Flag, FreeText, Identifier, OrgUnitCode, orNull } from './fields';

export const MysteryShopperRunSchema = z.strictObject(
  {
    source_id: SourceId.optional(),
    run_id: Identifier,
    org_unit: OrgUnitCode,
    app_id: orNull(Identifier),
    item_code: Identifier,
    high_frequency: Flag,
    run_at: FactTimestamp,
    /** Screens/actions from the entry point to submission, counted under the checklist rules. */
    steps: Count,
    task_completed: Flag,
    duration_seconds: Count,
    /** Number of problems found. */
    problems_found: Count,
    /** 0–100 by the checklist. */
    score: z
      .number({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a number from 0 to 100') })
      .min(0, 'must be a number from 0 to 100')
      .max(100, 'must be a number from 0 to 100'),
    double_blind: Flag,
    /** Only verified runs count. */
    verified: Flag,
    /** The problems found, in words. */
    notes: orNull(FreeText),
  },
  strictFields,
);

export const MYSTERY_SHOPPER_RUNS = factType(MysteryShopperRunSchema, {
  label: { zh: '神秘顾客暗访', en: 'Mystery-shopper runs' },
  sourceIdField: 'run_id',
});
export type MysteryShopperRun = z.output<typeof MYSTERY_SHOPPER_RUNS.schema>;
