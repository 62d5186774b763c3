// Weighting methods of the evaluation engine: AHP (subjective), entropy (objective), their
// combination, and TOPSIS ranking.

export { WeightsInputError } from './errors';
export { RECIPROCAL_TOLERANCE, parseJudgement, parseMatrix } from './judgement';
export { SAATY_SCALE, formatRatio, saatyScaleNearest } from './saaty-scale';
export {
  DEFAULT_RI_TABLE,
  RI_TABLES,
  assertRiTableId,
  isRiTableId,
  listRiTables,
  randomIndex,
  type RiTable,
  type RiTableId,
} from './ri-tables';
export { columnSumPriorities, eigenvectorPriorities, geometricPriorities, lambdaMaxFor } from './ahp-priorities';
export {
  AhpInconsistentError,
  ahp,
  assertConsistent,
  type AhpInconsistency,
  type AhpMethod,
  type AhpOptions,
  type AhpResult,
} from './ahp';
export { combineExperts } from './combine-experts';
export { entropyWeights, type EntropyNormalization, type EntropyOptions, type EntropyResult } from './entropy';
export { topsis, type TopsisNormalization, type TopsisOptions, type TopsisResult } from './topsis';
export { combineWeights, normaliseWeights, type CombineOptions } from './combined';
