// How far apart a panel of experts is on each pairwise judgement (docs/weights.md §2).
//
// Judgements are ratios, so they are compared on the log scale: for the pair (i, j) with the
// experts' answers a_1 … a_K, l_k = ln a_k. The group judgement is the geometric mean
// exp(mean l) — the same aggregation as the group matrix (AIJ, Aczél–Saaty) — and the dispersion
// is the geometric standard deviation GSD = exp(σ), σ the population standard deviation of the l_k
// (the panel is the whole population asked, so it is divided by K, and one expert gives GSD = 1).
// GSD = 1 is full agreement; GSD = 2 means the answers lie, typically, a factor of 2 either side
// of the group value (answers 2 and 8 around 4). It reads the same for a_ij and a_ji = 1/a_ij.
// A judgement is flagged for reconsideration in the next round when GSD ≥ HIGH_DISPERSION_GSD.

/** GSD at or above which a judgement is sent back to the experts to reconsider. */
export const HIGH_DISPERSION_GSD = 2;

export interface JudgementDispersion {
  /** 0-based criteria i < j of the judgement a_ij. */
  row: number;
  col: number;
  /** Each expert's a_ij, in the order of the experts. */
  answers: number[];
  /** Geometric mean of the answers: the group judgement. */
  group: number;
  /** Geometric standard deviation exp(σ(ln a)), ≥ 1. */
  gsd: number;
  /** max / min of the answers, ≥ 1. */
  spread: number;
  high: boolean;
}

/** Per upper-triangle judgement of K ≥ 1 experts' n × n matrices: group value and dispersion. */
export function judgementDispersion(matrices: readonly (readonly (readonly number[])[])[], threshold = HIGH_DISPERSION_GSD): JudgementDispersion[] {
  if (matrices.length === 0) return [];
  const n = matrices[0]!.length;
  const out: JudgementDispersion[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const answers = matrices.map((m) => m[i]![j]!);
      const logs = answers.map(Math.log);
      const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
      const variance = logs.reduce((a, l) => a + (l - mean) ** 2, 0) / logs.length;
      const gsd = Math.exp(Math.sqrt(variance));
      out.push({ row: i, col: j, answers, group: Math.exp(mean), gsd, spread: Math.max(...answers) / Math.min(...answers), high: gsd >= threshold - 1e-9 });
    }
  }
  return out;
}

/** The panel's overall disagreement: the geometric mean of the judgements' GSDs (1 when n = 1 pair agrees). */
export function meanDispersion(dispersion: readonly JudgementDispersion[]): number {
  if (dispersion.length === 0) return 1;
  return Math.exp(dispersion.reduce((a, d) => a + Math.log(d.gsd), 0) / dispersion.length);
}
