// What each role may do (docs/access-control.md). Roles follow the performance office's division
// of work; administrators manage people and runs but do not read the audit trail (三员分立: the
// auditor watches the administrator), and departments never run or publish their own scores.
import type { StaffRole } from '@govperf/storage';

export const PERMISSIONS = [
  'evaluation.read',
  'evaluation.explain',
  'evaluation.run',
  'evaluation.publish',
  'system.read',
  'system.register',
  'ingest.write',
  'quality.read',
  'personal_data.unmask',
  'user.manage',
  'token.manage',
  'audit.read',
  'audit.export',
  'rectification.read',
  'rectification.update',
  'rectification.manage',
  'appeal.submit',
  'appeal.review',
  'feedback.read',
  'feedback.handle',
  'feedback.manage',
  'weights.consult',
  'weights.judge',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const STAFF_ROLES = ['admin', 'expert', 'data_operator', 'department_operator', 'evaluator', 'auditor'] as const satisfies readonly StaffRole[];

export const ROLE_PERMISSIONS: { readonly [R in StaffRole]: readonly Permission[] } = {
  admin: ['evaluation.read', 'evaluation.explain', 'evaluation.run', 'evaluation.publish', 'system.read', 'system.register', 'quality.read', 'user.manage', 'token.manage', 'rectification.read', 'rectification.update', 'rectification.manage', 'appeal.review', 'feedback.read', 'feedback.handle', 'feedback.manage', 'weights.consult', 'weights.judge'],
  evaluator: ['evaluation.read', 'evaluation.explain', 'evaluation.run', 'system.read', 'quality.read', 'rectification.read', 'rectification.manage', 'appeal.review', 'feedback.read', 'feedback.manage', 'weights.consult', 'weights.judge'],
  expert: ['evaluation.read', 'system.read', 'weights.judge'],
  data_operator: ['ingest.write', 'quality.read', 'personal_data.unmask', 'token.manage', 'evaluation.read'],
  department_operator: ['evaluation.read', 'evaluation.explain', 'ingest.write', 'rectification.read', 'rectification.update', 'appeal.submit', 'feedback.read', 'feedback.handle'],
  auditor: ['audit.read', 'audit.export', 'evaluation.read', 'evaluation.explain', 'system.read', 'quality.read', 'rectification.read', 'feedback.read'],
};

/** Machine tokens only ever send data. */
export const TOKEN_PERMISSIONS: readonly Permission[] = ['ingest.write'];

export const ROLE_LABELS: { readonly [R in StaffRole]: { zh: string; en: string } } = {
  admin: { zh: '系统管理员', en: 'Administrator' },
  evaluator: { zh: '考评人员', en: 'Evaluator' },
  expert: { zh: '评审专家', en: 'Expert' },
  data_operator: { zh: '数据管理员', en: 'Data operator' },
  department_operator: { zh: '部门填报员', en: 'Department operator' },
  auditor: { zh: '安全审计员', en: 'Auditor' },
};
