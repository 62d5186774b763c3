import type { CoreTables } from './core';
import type { EvaluationTables } from './evaluations';
import type { FactTables } from './facts';
import type { RectificationTables } from './rectification';
import type { PublicTables } from './public';
import type { FeedbackLoopTables } from './feedback-loop';
import type { RatingAppealTables } from './rating-appeals';
import type { DelphiTables } from './delphi';
import type { ReferenceTables } from './reference';
import type { ContributorTables } from './contributors';

export type * from './core';
export type * from './facts';
export type * from './evaluations';
export type * from './rectification';
export type * from './public';
export type * from './feedback-loop';
export type * from './rating-appeals';
export type * from './delphi';
export type * from './reference';
export type * from './contributors';

/** Every table, for `Kysely<DB>`. */
export interface DB extends CoreTables, FactTables, EvaluationTables, RectificationTables, PublicTables, FeedbackLoopTables, RatingAppealTables, DelphiTables, ContributorTables, ReferenceTables {}
