// Benchmark: evaluate 3,000 units × 60 leaves in memory, against a bare weighted sum of the
// same number of values measured in the same run (the arithmetic floor of any evaluator).
import { compileSystem, evaluate } from '@govperf/engine';
import { syntheticData, syntheticSystem } from './synthetic';

export interface BenchResult {
  name: string;
  medianMs: number;
  baselineMs: number;
  ratio: number;
  detail: string;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(fn: () => void, runs: number): number {
  for (let i = 0; i < 2; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

export function benchEvaluate(units = 3000, runs = 9): BenchResult {
  const system = compileSystem(syntheticSystem());
  const input = { period: '2025-06', ...syntheticData(units) };
  const leaves = system.nodes.filter((n) => n.leaf).length;

  let sink = 0;
  const values = new Float64Array(units * leaves).map((_, i) => (i * 7919) % 100);
  const weights = new Float64Array(leaves).fill(1 / leaves);
  const baselineMs = time(() => {
    for (let u = 0; u < units; u++) {
      let s = 0;
      for (let l = 0; l < leaves; l++) s += values[u * leaves + l]! * weights[l]!;
      sink += s;
    }
  }, runs);

  let result = evaluate(system, input);
  const medianMs = time(() => {
    result = evaluate(system, input);
  }, runs);
  if (sink < 0 || result.units.length !== units) throw new Error('benchmark sanity check failed');
  const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
  return {
    name: `evaluate ${units} units × ${leaves} leaves (${input.facts.length} facts)`,
    medianMs,
    baselineMs,
    ratio: medianMs / baselineMs,
    detail: `heap after ≈ ${heapMb.toFixed(0)} MB`,
  };
}
