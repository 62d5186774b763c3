// Demand-pool priority (需求优先级): three dimensions scored 0–100 from explicit sub-factor
// scales, a weighted sum, an urgency P0–P4 and a quadrant on the board. Technical value is
// read as feasibility: the simpler and safer a demand, the higher its technical value.
// Formula and tables: docs/sla-and-priority.md.
import {
  DEFAULT_DEMAND_PRIORITY_CONFIG,
  DEMAND_QUADRANTS,
  DEMAND_QUADRANT_LABELS,
  DemandAssessmentSchema,
  DemandPriorityConfigSchema,
  URGENCY_LEVELS,
  type DemandAssessmentInput,
  type DemandPriorityConfig,
  type DemandPriorityConfigInput,
  type DemandQuadrant,
  type SlaTier,
  type Urgency,
} from '@govperf/contracts';
import { clamp, roundHalfUp } from '../numeric';

/** 政策关联度 0–3 → 0–100: a policy basis counts for much; a national mandate is the ceiling. */
export const POLICY_RELEVANCE_SCORES: readonly number[] = [0, 40, 70, 100];

/** The response tier's own urgency: a red tier (system failure) is P0 whatever the score. */
export const TIER_URGENCY: Record<SlaTier, Urgency> = { red: 'P0', orange: 'P1', yellow: 'P2', blue: 'P3' };

export interface DemandFactorScores {
  peopleAffected: number;
  frequency: number;
  policyRelevance: number;
  departments: number;
  /** Feasibility of the complexity: 1 → 100, 5 → 0. */
  complexity: number;
  /** Feasibility of the risk: 1 → 100, 5 → 0. */
  risk: number;
}

export interface DemandPriority {
  /** 0–100, two decimals. */
  score: number;
  dimensions: { user: number; business: number; technical: number };
  factors: DemandFactorScores;
  urgency: Urgency;
  /** What set the urgency: the tier, an alert or the score (the most urgent wins; ties name the tier or alert). */
  urgencyBasis: 'tier' | 'alert' | 'score';
  quadrant: {
    key: DemandQuadrant;
    zh: string;
    en: string;
    /** Weighted mean of user and business value, 0–100. */
    value: number;
    /** 100 − technical value, 0–100. */
    effort: number;
  };
}

/** 0–100 from 1–5 where 1 is best: (5 − level) / 4. */
const feasibility = (level: number) => ((5 - level) / 4) * 100;

/** Each sub-factor on 0–100 (unrounded), by the scales of the configuration. */
export function demandFactorScores(assessment: DemandAssessmentInput, config: DemandPriorityConfig = DEFAULT_DEMAND_PRIORITY_CONFIG): DemandFactorScores {
  const a = DemandAssessmentSchema.parse(assessment);
  const { peopleCap, frequencyCapPerWeek, departmentsCap } = config.scales;
  return {
    // Log scale: reach matters by orders of magnitude (10, 1 000, 100 000 people), not linearly.
    peopleAffected: clamp((Math.log10(Math.max(a.peopleAffected, 1)) / Math.log10(peopleCap)) * 100, 0, 100),
    frequency: clamp((a.usesPerWeek / frequencyCapPerWeek) * 100, 0, 100),
    policyRelevance: POLICY_RELEVANCE_SCORES[a.policyRelevance]!,
    // One department is no cross-department reach at all.
    departments: clamp(((a.departmentsInvolved - 1) / (departmentsCap - 1)) * 100, 0, 100),
    complexity: feasibility(a.complexity),
    risk: feasibility(a.risk),
  };
}

const moreUrgent = (a: Urgency, b: Urgency) => (URGENCY_LEVELS.indexOf(a) <= URGENCY_LEVELS.indexOf(b) ? a : b);

/** Priority, urgency and quadrant of one assessed demand. */
export function demandPriority(assessment: DemandAssessmentInput, configInput: DemandPriorityConfigInput | DemandPriorityConfig = {}): DemandPriority {
  const config = DemandPriorityConfigSchema.parse(configInput);
  const a = DemandAssessmentSchema.parse(assessment);
  const f = demandFactorScores(a, config);
  const fw = config.factorWeights;
  const user = fw.user.peopleAffected * f.peopleAffected + fw.user.frequency * f.frequency;
  const business = fw.business.policyRelevance * f.policyRelevance + fw.business.departments * f.departments;
  const technical = fw.technical.complexity * f.complexity + fw.technical.risk * f.risk;
  const w = config.weights;
  // Rounded once, at two decimals, so the thresholds below compare the figures people see.
  const score = roundHalfUp(w.user * user + w.business * business + w.technical * technical, 2);
  const valueWeight = w.user + w.business;
  // With both value weights at 0 the value axis has nothing to say: take the plain mean.
  const value = roundHalfUp(valueWeight > 0 ? (w.user * user + w.business * business) / valueWeight : (user + business) / 2, 2);
  const effort = roundHalfUp(100 - technical, 2);

  const t = config.urgencyThresholds;
  const byScore: Urgency = score >= t.P1 ? 'P1' : score >= t.P2 ? 'P2' : score >= t.P3 ? 'P3' : 'P4';
  const byTier: Urgency = a.highSeverityAlert ? 'P0' : a.tier ? TIER_URGENCY[a.tier] : 'P4';
  const urgency = moreUrgent(byTier, byScore);
  const urgencyBasis = a.highSeverityAlert ? 'alert' : a.tier && urgency === TIER_URGENCY[a.tier] ? 'tier' : 'score';

  const highValue = value >= config.quadrant.valueThreshold;
  const highEffort = effort >= config.quadrant.effortThreshold;
  const key: DemandQuadrant = highValue ? (highEffort ? 'major_project' : 'quick_win') : highEffort ? 'deprioritise' : 'fill_in';
  return {
    score,
    dimensions: { user: roundHalfUp(user, 2), business: roundHalfUp(business, 2), technical: roundHalfUp(technical, 2) },
    factors: f,
    urgency,
    urgencyBasis,
    quadrant: { key, ...DEMAND_QUADRANT_LABELS[key], value, effort },
  };
}

/**
 * The quadrant board: demands grouped by quadrant, each group most urgent first, then by
 * score (higher first), then by id for a stable order.
 */
export function quadrantBoard<Item extends { id: string; priority: DemandPriority }>(items: readonly Item[]): Record<DemandQuadrant, Item[]> {
  const board = Object.fromEntries(DEMAND_QUADRANTS.map((key) => [key, [] as Item[]])) as Record<DemandQuadrant, Item[]>;
  for (const item of items) board[item.priority.quadrant.key].push(item);
  for (const key of DEMAND_QUADRANTS) {
    board[key].sort(
      (x, y) =>
        URGENCY_LEVELS.indexOf(x.priority.urgency) - URGENCY_LEVELS.indexOf(y.priority.urgency) ||
        y.priority.score - x.priority.score ||
        (x.id < y.id ? -1 : x.id > y.id ? 1 : 0),
    );
  }
  return board;
}
