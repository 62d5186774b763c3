// Leaf scoring into 0–100. Relative methods see the statistics of the peer group.
import type { Direction, Scoring } from '@govperf/contracts';
import { clamp } from '../numeric';

/** Peer-group statistics of a leaf's values (units with data only). */
export interface PeerStats {
  count: number;
  min: number;
  max: number;
  mean: number;
  /** Population standard deviation. */
  sd: number;
}

export interface LeafScore {
  score: number;
  /** The raw mapping fell outside 0–100 and was clamped. */
  clamped: boolean;
}

/** Statistics over values in the given (fixed) order, so results are bit-identical across runs. */
export function peerStats(values: readonly number[]): PeerStats | undefined {
  if (values.length === 0) return undefined;
  let min = Infinity;
  let max = -Infinity;
  let total = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
    total += v;
  }
  const mean = total / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) * (v - mean);
  return { count: values.length, min, max, mean, sd: Math.sqrt(squares / values.length) };
}

function bounded(raw: number): LeafScore {
  const score = clamp(raw, 0, 100);
  return { score, clamped: score !== raw };
}

/**
 * Scores one value. `target` is required by target-linear (the schema checks it), `stats`
 * by the relative methods (the evaluator computes them per peer group).
 */
export function scoreValue(value: number, scoring: Scoring, direction: Direction, target: number | undefined, stats: PeerStats | undefined): LeafScore {
  switch (scoring.method) {
    case 'target-linear': {
      if (target === undefined) throw new Error('target-linear scoring without a target');
      // floor lies on the bad side of target for both directions, so one formula serves both.
      return bounded(((value - scoring.floor) / (target - scoring.floor)) * 100);
    }
    case 'bands': {
      const band = scoring.bands.find((b) => (b.min === undefined || value >= b.min) && (b.max === undefined || value <= b.max));
      return { score: band ? band.score : scoring.otherwise, clamped: false };
    }
    case 'minmax': {
      if (!stats) throw new Error('minmax scoring without peer statistics');
      // Every unit equal: nobody is behind anybody.
      if (stats.max === stats.min) return { score: 100, clamped: false };
      const share = direction === 'benefit' ? (value - stats.min) / (stats.max - stats.min) : (stats.max - value) / (stats.max - stats.min);
      return bounded(share * 100);
    }
    case 'zscore': {
      if (!stats) throw new Error('zscore scoring without peer statistics');
      if (stats.sd === 0) return { score: scoring.center, clamped: false };
      const z = (value - stats.mean) / stats.sd;
      return bounded(scoring.center + scoring.scale * (direction === 'benefit' ? z : -z));
    }
    case 'identity':
      return bounded(value);
  }
}

export type Light = 'green' | 'yellow' | 'red';

/** Relative slack for comparisons against targets: 57/100*100 is 56.99999999999999. */
const SLACK = 1e-9;

/** green meets the target, yellow is within the tolerance, red is beyond it. */
export function trafficLight(value: number, direction: Direction, target: number, tolerance: number): Light {
  const eps = SLACK * Math.max(1, Math.abs(target));
  const shortfall = direction === 'benefit' ? target - value : value - target;
  if (shortfall <= eps) return 'green';
  if (shortfall <= tolerance + eps) return 'yellow';
  return 'red';
}
