// The ingestion record schemas (docs/data-model.md): one module per type, the FACT_TYPES registry.
export {
  normaliseTimestamp,
  periodBounds,
  FactTimestamp,
  FactDate,
  FactPeriod,
  OrgUnitCode,
  GB2260_PATTERN,
  SHANGHAI_OFFSET_MINUTES,
  CHANNELS,
  FactChannel,
  ITEM_TYPES,
  FactItemType,
  AGE_BANDS,
  AgeBand,
  ELDER_AGE_BANDS,
  APPLICANT_TYPES,
  ApplicantType,
  QUALITY_STATUSES,
  QualityStatus,
  QUALITY_RULES,
  QualityRule,
} from './fields';
export { factType, factIssues, csvRowToRecord, type FactTypeDefinition, type FactIssue, type WithSourceId, type CellKind } from './define';
export * from './handling-records';
export * from './ratings';
export * from './events';
export * from './feedback';
export * from './manual-submissions';
export * from './mystery-shopper-runs';
export * from './operations';
export * from './service-items';
export * from './org-units';
export * from './departments';
export * from './apps';
export * from './registry';
