// The indicator-system file format (YAML or JSON), documented in docs/indicator-systems.md.
// The schema is the single source of truth for its types, validation and error messages.
import { z } from 'zod';
import { ResponseThresholdsSchema } from './application';

export const INDICATOR_SYSTEM_FORMAT = 'govperf/indicator-system@1';

const codePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
export const IndicatorCode = z
  .string()
  .regex(codePattern, 'a code uses letters, digits, ".", "_" and "-", and starts with a letter or digit');

export const LocalizedText = z.strictObject({
  zh: z.string().trim().min(1, 'Chinese text (zh) is required'),
  en: z.string().trim().min(1, 'English text (en) is required'),
});
export type LocalizedText = z.infer<typeof LocalizedText>;

export const Direction = z.enum(['benefit', 'cost']);
export type Direction = z.infer<typeof Direction>;

const Score = z.number().min(0, 'a score is at least 0').max(100, 'a score is at most 100');

/** One pairwise judgement on Saaty's scale: a number or a fraction written "1/5". */
export const Judgement = z.union([
  z.number().positive('a judgement is a positive number'),
  z.string().regex(/^\s*\d+(\.\d+)?\s*(\/\s*\d+(\.\d+)?\s*)?$/, 'a judgement is a number or a fraction such as "1/5"'),
]);
export const JudgementMatrix = z.array(z.array(Judgement).min(1)).min(1);
export type JudgementMatrix = z.infer<typeof JudgementMatrix>;

export const RiTableName = z.enum(['saaty_classic', 'saaty_2005', 'donegan_dodd_1991', 'tummala_ling_1998', 'jmcdm_extension']);

const AhpSpec = z
  .strictObject({
    /** One matrix, rows and columns in the order of the children. */
    judgements: JudgementMatrix.optional(),
    /** Several experts' matrices, combined by element-wise geometric mean. */
    experts: z.array(JudgementMatrix).min(1).optional(),
    approximation: z.enum(['eigenvector', 'sum', 'geometric']).default('eigenvector'),
    riTable: RiTableName.default('saaty_classic'),
    /** CR ≥ 0.1 is refused unless this is set, deliberately, with a reason. */
    allowInconsistent: z.boolean().default(false),
  })
  .refine((s) => (s.judgements === undefined) !== (s.experts === undefined), {
    message: 'give either "judgements" (one matrix) or "experts" (several), not both or neither',
  });

const EntropyOptions = { normalization: z.enum(['minmax', 'sum']).default('minmax') };

export const Weighting = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('manual') }),
  z.strictObject({ method: z.literal('equal') }),
  z.strictObject({ method: z.literal('ahp'), ahp: AhpSpec }),
  z.strictObject({ method: z.literal('entropy'), ...EntropyOptions }),
  z.strictObject({
    method: z.literal('combined'),
    ahp: AhpSpec,
    ...EntropyOptions,
    mode: z.enum(['linear', 'multiplicative']).default('linear'),
    /** Share of the AHP weights in the linear mode: α·AHP + (1−α)·entropy. */
    alpha: z.number().min(0).max(1).default(0.5),
  }),
]);
export type Weighting = z.infer<typeof Weighting>;

export const Band = z
  .strictObject({ min: z.number().optional(), max: z.number().optional(), score: Score })
  .refine((b) => b.min === undefined || b.max === undefined || b.min <= b.max, { message: 'min must not exceed max' });

export const Scoring = z.discriminatedUnion('method', [
  /** floor → 0, target → 100, linear in between, clamped; floor lies on the bad side of target. */
  z.strictObject({ method: z.literal('target-linear'), floor: z.number() }),
  /** First band whose [min, max] (both inclusive, either open) holds the value gives the score. */
  z.strictObject({ method: z.literal('bands'), bands: z.array(Band).min(1), otherwise: Score.default(0) }),
  /** Relative to the peer group: worst → 0, best → 100. */
  z.strictObject({ method: z.literal('minmax') }),
  /** Relative to the peer group: center + scale·z, clamped to 0–100 (default the T-score 50 + 10z). */
  z.strictObject({ method: z.literal('zscore'), center: Score.default(50), scale: z.number().positive().default(10) }),
  /** The value already is a 0–100 score. */
  z.strictObject({ method: z.literal('identity') }),
]);
export type Scoring = z.infer<typeof Scoring>;

export const VetoRule = z.discriminatedUnion('action', [
  z.strictObject({ when: z.string().min(1), action: z.literal('cap'), cap: Score, reason: LocalizedText }),
  z.strictObject({ when: z.string().min(1), action: z.literal('downgrade'), reason: LocalizedText }),
  z.strictObject({ when: z.string().min(1), action: z.literal('zero'), reason: LocalizedText }),
]);
export type VetoRule = z.infer<typeof VetoRule>;

export const MissingPolicy = z.enum(['renormalise', 'zero']);
export type MissingPolicy = z.infer<typeof MissingPolicy>;

export interface IndicatorNode {
  code: string;
  name: LocalizedText;
  definition?: LocalizedText | undefined;
  unit?: string | undefined;
  direction: Direction;
  source?: string | undefined;
  owner?: string | undefined;
  weight?: number | undefined;
  weighting?: Weighting | undefined;
  missing?: MissingPolicy | undefined;
  veto?: VetoRule[] | undefined;
  appliesTo?: string[] | undefined;
  formula?: string | undefined;
  target?: number | undefined;
  tolerance?: number | undefined;
  scoring?: Scoring | undefined;
  children?: IndicatorNode[] | undefined;
}

export const IndicatorNodeSchema: z.ZodType<IndicatorNode, unknown> = z.lazy(() =>
  z.strictObject({
    code: IndicatorCode,
    name: LocalizedText,
    /** 口径: what exactly is counted. */
    definition: LocalizedText.optional(),
    unit: z.string().optional(),
    direction: Direction.default('benefit'),
    /** Where the data comes from (data platform, manual submission, survey…). */
    source: z.string().optional(),
    owner: z.string().optional(),
    /** Weight among its siblings when the parent weighs manually; normalised with them. */
    weight: z.number().nonnegative('a weight is not negative').optional(),
    /** How this node weighs its children. */
    weighting: Weighting.optional(),
    /** What a child with no data does to this node: renormalise the siblings' weights or score it 0. */
    missing: MissingPolicy.optional(),
    veto: z.array(VetoRule).optional(),
    /** Peer groups this indicator applies to; absent means all. */
    appliesTo: z.array(z.string().min(1)).min(1).optional(),
    formula: z.string().min(1).optional(),
    target: z.number().optional(),
    tolerance: z.number().nonnegative('tolerance is not negative').optional(),
    scoring: Scoring.optional(),
    children: z.array(IndicatorNodeSchema).min(1).optional(),
  }),
);

export const GradeBand = z.strictObject({ code: z.string().min(1), name: LocalizedText, min: Score });
export type GradeBand = z.infer<typeof GradeBand>;

export const DEFAULT_GRADES: GradeBand[] = [
  { code: 'excellent', name: { zh: '优秀', en: 'Excellent' }, min: 90 },
  { code: 'good', name: { zh: '良好', en: 'Good' }, min: 80 },
  { code: 'fair', name: { zh: '一般', en: 'Fair' }, min: 60 },
  { code: 'poor', name: { zh: '较差', en: 'Poor' }, min: 0 },
];

export const MetricDeclaration = z.strictObject({
  name: LocalizedText,
  unit: z.string().optional(),
  description: z.string().optional(),
});

export const IndicatorSystemSchema = z.strictObject({
  format: z.literal(INDICATOR_SYSTEM_FORMAT, { message: `format must be "${INDICATOR_SYSTEM_FORMAT}"` }),
  code: IndicatorCode,
  version: z.string().min(1),
  name: LocalizedText,
  description: LocalizedText.optional(),
  periodicity: z.enum(['month', 'quarter', 'year']).optional(),
  /** Grade bands, highest first; the last one must start at 0. */
  grades: z.array(GradeBand).min(1).default(DEFAULT_GRADES),
  /** Published rankings rank the score rounded to this many decimals. */
  ranking: z.strictObject({ precision: z.number().int().min(0).max(6).default(2) }).default({ precision: 2 }),
  /** Default policy for children with no data (a node may override). */
  missing: MissingPolicy.default('renormalise'),
  /** How the top-level indicators are weighed. */
  weighting: Weighting.optional(),
  /** When a published run of this system turns into responses (result application; defaults apply when absent). */
  responses: ResponseThresholdsSchema.optional(),
  /** Metric catalogue: when present, formulas and facts may only use these metrics. */
  metrics: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_.]*$/, 'a metric name uses letters, digits, "_" and "."'), MetricDeclaration).optional(),
  indicators: z.array(IndicatorNodeSchema).min(1),
});
export type IndicatorSystem = z.infer<typeof IndicatorSystemSchema>;
