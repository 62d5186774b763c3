// @govperf/engine: the pure evaluation engine. No I/O; callers pass data in and get data out.
export * from './numeric';
export * from './formula';
export * from './weights';
export { canonicalJson, contentHash } from './system/canonical-json';
export { compileSystem, SystemCompileError, ROOT_CODE, type CompiledSystem, type CompiledNode, type ChildWeighting, type CompileOptions, type SystemProblem } from './system/compile';
export { evaluate, type EvaluateOptions } from './evaluation/evaluate';
export type { TopsisNormalization, TopsisRank } from './evaluation/topsis-ranking';
export { explain, type Explanation } from './evaluation/explain';
export { peerStats, scoreValue, trafficLight, type Light, type PeerStats, type LeafScore } from './evaluation/scoring';
export * from './evaluation/types';
export * from './calendar/working-days';
export { ApplicationInputError, shareCount } from './application/peer-share';
export * from './application/responses';
export * from './application/lists';
export * from './application/funding';
export * from './sla';
export * from './demand/priority';
