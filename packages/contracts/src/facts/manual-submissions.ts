// 人工填报 manual submissions: a value of a `manual.*` metric (docs/metrics.md §3 manual) for one
// unit and period, with evidence. It arrives as `submitted`; a data operator verifies or rejects it
// in the platform (人工核查), so the ingestion record has no status of its own.
import { z } from 'zod';
import { SourceId, factType, strictFields } from './define';
import { FactPeriod, FreeText, Identifier, Label, OrgUnitCode, expecting, orNull } from './fields';

/** The form items: `manual.<item>` in docs/metrics.md, with their Chinese name and unit. */
export const MANUAL_FORM_ITEMS = {
  data_resources_total: { zh: '政务数据资源数', unit: '类' },
  data_resources_catalogued: { zh: '编入共享目录的数据资源数', unit: '类' },
  required_share_items: { zh: '必共享数据项数', unit: '项' },
  required_share_items_available: { zh: '已实现共享的必共享数据项数', unit: '项' },
  open_data_resources_total: { zh: '应开放数据资源数', unit: '类' },
  open_data_resources_catalogued: { zh: '已编入开放目录的数据资源数', unit: '类' },
  systems_total: { zh: '应测评信息系统数', unit: '个' },
  systems_mlps3_certified: { zh: '通过等保三级测评的系统数', unit: '个' },
  compliance_checks: { zh: '合规自查项数', unit: '项' },
  compliance_checks_passed: { zh: '合规自查达标项数', unit: '项' },
  sensitive_fields_total: { zh: '敏感数据字段数', unit: '个' },
  sensitive_fields_masked: { zh: '已脱敏敏感字段数', unit: '个' },
  villages_total: { zh: '村（社区）数', unit: '个' },
  villages_on_egov_network: { zh: '接入政务外网的村（社区）数', unit: '个' },
  cloud_requests: { zh: '政务云资源申请数', unit: '个' },
  cloud_requests_met: { zh: '按需满足的云资源申请数', unit: '个' },
  base_datasets_required: { zh: '应汇聚基础库数据集数', unit: '个' },
  base_datasets_aggregated: { zh: '已全量汇聚的数据集数', unit: '个' },
  datasets_scheduled: { zh: '应按期更新的数据集数', unit: '个' },
  datasets_updated_on_schedule: { zh: '按期更新的数据集数', unit: '个' },
  units_reporting: { zh: '填报单位数', unit: '个' },
  cockpit_units: { zh: '建成数据驾驶舱的单位数', unit: '个' },
  policies_issued: { zh: '出台政策文件数', unit: '件' },
  policies_data_supported: { zh: '有数据分析支撑的政策文件数', unit: '件' },
  risk_points_total: { zh: '重点领域风险点数', unit: '个' },
  risk_points_monitored: { zh: '智能监测风险点数', unit: '个' },
  warnings_issued: { zh: '预警信息数', unit: '条' },
  warnings_confirmed: { zh: '与实际事件匹配的预警数', unit: '条' },
  warnings_closed_loop: { zh: '闭环处置预警数', unit: '条' },
  social_projects: { zh: '社会力量参与治理项目数', unit: '个' },
  innovation_apps_launched: { zh: '效能创新应用数', unit: '个' },
  elder_population: { zh: '60岁以上常住人口', unit: '人' },
  reports_due: { zh: '应发布通报数', unit: '期' },
  reports_published_on_time: { zh: '按期发布通报数', unit: '期' },
} as const satisfies Record<string, { zh: string; unit: string }>;
export type ManualFormItem = keyof typeof MANUAL_FORM_ITEMS;
const FORM_ITEM_NAMES = Object.keys(MANUAL_FORM_ITEMS) as [ManualFormItem, ...ManualFormItem[]];

/** submitted → verified | rejected, by a data operator. Only verified submissions count. */
export const MANUAL_SUBMISSION_STATUSES = ['submitted', 'verified', 'rejected'] as const;
export type ManualSubmissionStatus = (typeof MANUAL_SUBMISSION_STATUSES)[number];

/** One piece of evidence: a named attachment or link, and what it shows. */
export const EvidenceSchema = z.strictObject(
  {
    name: Label,
    url: z.url({ protocol: /^https?$/, error: expecting('an http(s) URL') }).optional(),
    note: FreeText.min(1, 'must not be empty'),
  },
  strictFields,
);
export type Evidence = z.infer<typeof EvidenceSchema>;

export const ManualSubmissionSchema = z.strictObject(
  {
    source_id: SourceId.optional(),
    submission_id: Identifier,
    form_item: z.enum(FORM_ITEM_NAMES, { error: (issue) => (issue.input === undefined ? 'is required' : 'must be a form item of docs/metrics.md (manual.<item>), e.g. villages_total') }),
    org_unit: OrgUnitCode,
    period: FactPeriod,
    /** Flags are submitted as 0/1. */
    value: z.number({ error: expecting('a number') }),
    evidence: z.array(EvidenceSchema, { error: expecting('a list of evidence items {name, url?, note}') }).min(1, 'must list at least one piece of evidence'),
    /** Who filled in the form (name or account). */
    submitted_by: orNull(Label),
  },
  strictFields,
);

export const MANUAL_SUBMISSIONS = factType(ManualSubmissionSchema, {
  label: { zh: '人工填报', en: 'Manual submissions' },
  sourceIdField: 'submission_id',
});
export type ManualSubmission = z.output<typeof MANUAL_SUBMISSIONS.schema>;
