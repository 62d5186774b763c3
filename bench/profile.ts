import { compileSystem, evaluate } from '@govperf/engine';
import { syntheticData, syntheticSystem } from './synthetic';
const system = compileSystem(syntheticSystem());
const input = { period: '2025-06', ...syntheticData(3000) };
for (let i = 0; i < 5; i++) evaluate(system, input);
