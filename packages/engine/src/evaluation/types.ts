// What goes into an evaluation and what comes out of it.
import type { LocalizedText } from '@govperf/contracts';
import type { Light, PeerStats } from './scoring';

/** Where a metric value came from (file and line, query, sample fact ids…), carried into explain. */
export type FactSource = Readonly<Record<string, string | number>>;

export interface UnitInput {
  id: string;
  name?: string | undefined;
  parent?: string | undefined;
  level?: string | undefined;
  /** Units are scored, weighed (entropy) and ranked within their peer group. Default: level, else "all". */
  peerGroup?: string | undefined;
}

/** One metric value of one unit in the evaluated period. */
export interface MetricFact {
  unit: string;
  metric: string;
  value: number;
  source?: FactSource | undefined;
}

export interface EvaluationInput {
  period: string;
  /** All units to evaluate; when absent, the units that appear in the facts (peer group "all"). */
  units?: readonly UnitInput[] | undefined;
  facts: readonly MetricFact[];
}

export interface IndicatorResult {
  code: string;
  parent: string | null;
  depth: number;
  leaf: boolean;
  /** The formula's value (leaves); null when there is no data. */
  value: number | null;
  /** 0–100; null when there is no data (and the missing policy renormalises). */
  score: number | null;
  /** Effective share of the composite (product of local weights down the tree). */
  weight: number;
  /** Effective weight among its siblings for this unit. */
  localWeight: number;
  /** weight × score: the points this indicator adds to the composite. */
  contribution: number | null;
  light: Light | null;
  /** Why there is no value: a missing metric, a division by zero… */
  noData?: string | undefined;
}

export interface VetoApplied {
  indicator: string;
  action: 'cap' | 'downgrade' | 'zero';
  cap?: number | undefined;
  reason: LocalizedText;
}

export interface UnitResult {
  unit: string;
  name: string | null;
  peerGroup: string;
  /** Composite after vetoes; null when the unit has no data at all. */
  score: number | null;
  /** The score as published and ranked (rounded to the system's precision). */
  scoreRounded: number | null;
  grade: string | null;
  gradeName: LocalizedText | null;
  rank: number | null;
  vetoed: boolean;
  vetoes: VetoApplied[];
  /** Veto conditions that could not be checked for lack of data. */
  vetoUnchecked: string[];
  /** The alternative TOPSIS ranking, when asked for; null when the unit lacks some value. */
  topsis?: { closeness: number; rank: number } | null;
  indicators: IndicatorResult[];
}

export interface PeerGroupResult {
  code: string;
  units: number;
  ranked: number;
  /** Mean composite of the units with a score. */
  average: number | null;
  /** Per indicator: mean value and mean score over units with data. */
  indicators: Record<string, { value: number | null; score: number | null; stats: PeerStats | null }>;
  /** Weights each group node gave its children in this group (entropy and combined vary by group). */
  weights: Record<string, Record<string, number>>;
}

export interface EvaluationResult {
  system: { code: string; version: string; hash: string };
  period: string;
  /** Hash of the units and facts: same hash, same inputs. */
  inputHash: string;
  rankingPrecision: number;
  peerGroups: PeerGroupResult[];
  units: UnitResult[];
  warnings: string[];
}

/** Bad evaluation input (not a bad system): names the field and the reason. */
export class EvaluationInputError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'EvaluationInputError';
  }
}
