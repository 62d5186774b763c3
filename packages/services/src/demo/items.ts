// The service items (事项) of the demo: personal and enterprise 一件事 life events with their
// realistic names, types (即办件 / 承诺件 / 联办件 / 特殊件), high-frequency flags, statutory and
// promised limits (working days), materials and approval steps. Every county implements the
// county-level items; cities and the province implement their own short lists.
import type { DeptKey } from './province';

export type ItemKind = 'immediate' | 'promised' | 'joint' | 'special';
export type AgeProfile = 'general' | 'young' | 'parent' | 'retire' | 'elder';
export type Level = 'province' | 'city' | 'county' | 'township';

export interface ItemTemplate {
  /** National basic code (基本编码), 12 digits; the implemented item is `<unit>-<base>`. */
  base: string;
  name: string;
  dept: DeptKey;
  /** A second department for joint / cross-department items. */
  partner?: DeptKey;
  type: ItemKind;
  /** On the high-frequency list (高频事项). */
  hf: boolean;
  /** Statutory limit (法定时限), working days; null = none. */
  stat: number | null;
  /** Promised limit (承诺时限), working days; 0 = the same day. Null for special items. */
  prom: number | null;
  applicant: 'person' | 'enterprise';
  /** 一件事 scenario. */
  scenario: string | null;
  materials: number;
  /** Relative monthly volume per 10,000 residents. */
  weight: number;
  online: 'none' | 'online' | 'full';
  /** Can be approved automatically (秒批秒办). */
  instant?: boolean;
  /** Can go zero-material (all materials from sharing / e-licences). */
  zero?: boolean;
  /** A promised item the county may convert into an immediate one (承诺件转即办件). */
  convertible?: boolean;
  /** Needs two or more departments. */
  xdept?: boolean;
  /** On the national 跨省通办 list. */
  xprov?: boolean;
  /** On the 省内通办 list (most are). */
  inprov?: boolean;
  /** Hall visits are mostly booked (预约). */
  appointment?: boolean;
  levels: readonly Level[];
  ages?: AgeProfile;
  /** Monthly volume factors, January first. */
  season?: readonly number[];
}

const SCHOOL = [0.3, 0.3, 0.5, 0.8, 1.6, 2.6, 3.0, 2.6, 1.4, 0.4, 0.3, 0.3];
const GRADUATE = [0.6, 0.5, 0.8, 0.9, 1.0, 1.8, 2.2, 1.5, 1.0, 0.8, 0.7, 0.7];
const MARRIAGE = [1.1, 1.3, 0.9, 0.9, 1.4, 0.9, 0.9, 1.2, 1.0, 1.3, 0.8, 1.0];
const YEAR_END = [1.3, 0.8, 1.0, 0.9, 0.9, 1.0, 0.9, 0.9, 0.9, 0.9, 1.0, 1.4];
const MOVE = [0.9, 1.2, 1.4, 1.1, 1.0, 1.0, 1.0, 1.0, 0.9, 0.9, 0.9, 0.9];

const COUNTY: readonly Level[] = ['county'];
const COUNTY_TOWN: readonly Level[] = ['county', 'township'];
const COUNTY_CITY: readonly Level[] = ['county', 'city'];

export const ITEMS: readonly ItemTemplate[] = [
  // 出生一件事
  { base: '000209001000', name: '出生医学证明办理', dept: 'wjj', type: 'immediate', hf: true, stat: 10, prom: 0, applicant: 'person', scenario: 'birth', materials: 3, weight: 0.55, online: 'full', instant: true, zero: true, levels: COUNTY, ages: 'parent' },
  { base: '000203002000', name: '出生登记（新生儿落户）', dept: 'ga', type: 'immediate', hf: true, stat: 5, prom: 0, applicant: 'person', scenario: 'birth', materials: 4, weight: 0.55, online: 'full', instant: true, xprov: true, levels: COUNTY, ages: 'parent' },
  { base: '000210003000', name: '新生儿基本医疗保险参保登记', dept: 'yb', type: 'immediate', hf: true, stat: 5, prom: 0, applicant: 'person', scenario: 'birth', materials: 2, weight: 0.55, online: 'full', instant: true, zero: true, levels: COUNTY_TOWN, ages: 'parent' },
  { base: '000209004000', name: '生育登记', dept: 'wjj', type: 'immediate', hf: true, stat: 5, prom: 0, applicant: 'person', scenario: 'birth', materials: 2, weight: 0.6, online: 'full', instant: true, zero: true, levels: COUNTY_TOWN, ages: 'parent' },
  { base: '000210005000', name: '生育津贴申领', dept: 'yb', type: 'promised', hf: false, stat: 20, prom: 5, applicant: 'person', scenario: 'birth', materials: 3, weight: 0.4, online: 'online', convertible: true, levels: COUNTY, ages: 'parent' },
  { base: '000202006000', name: '社会保障卡申领', dept: 'rlsb', type: 'promised', hf: true, stat: 20, prom: 5, applicant: 'person', scenario: 'birth', materials: 2, weight: 1.0, online: 'online', convertible: true, levels: COUNTY_TOWN, ages: 'general' },
  // 入学一件事
  { base: '000208007000', name: '义务教育阶段新生入学报名', dept: 'jyj', partner: 'ga', type: 'joint', hf: true, stat: 20, prom: 10, applicant: 'person', scenario: 'school_enrollment', materials: 5, weight: 0.9, online: 'online', xdept: true, levels: COUNTY, ages: 'parent', season: SCHOOL },
  { base: '000208008000', name: '义务教育阶段转学申请', dept: 'jyj', type: 'promised', hf: false, stat: 15, prom: 5, applicant: 'person', scenario: 'school_enrollment', materials: 4, weight: 0.15, online: 'online', inprov: true, levels: COUNTY, ages: 'parent', season: SCHOOL },
  { base: '000208009000', name: '家庭经济困难学生资助申请', dept: 'jyj', partner: 'mz', type: 'promised', hf: false, stat: 20, prom: 10, applicant: 'person', scenario: 'school_enrollment', materials: 3, weight: 0.12, online: 'online', xdept: true, levels: COUNTY, ages: 'parent', season: SCHOOL },
  // 就业
  { base: '000202010000', name: '就业登记', dept: 'rlsb', type: 'immediate', hf: true, stat: 5, prom: 0, applicant: 'person', scenario: 'employment', materials: 2, weight: 0.9, online: 'full', instant: true, zero: true, levels: COUNTY_TOWN, ages: 'young', season: GRADUATE },
  { base: '000202011000', name: '失业登记', dept: 'rlsb', type: 'immediate', hf: true, stat: 5, prom: 0, applicant: 'person', scenario: 'employment', materials: 2, weight: 0.5, online: 'full', instant: true, levels: COUNTY_TOWN, ages: 'general' },
  { base: '000202012000', name: '失业保险金申领', dept: 'rlsb', type: 'immediate', hf: true, stat: 10, prom: 0, applicant: 'person', scenario: 'employment', materials: 2, weight: 0.6, online: 'full', instant: true, zero: true, xprov: true, levels: COUNTY, ages: 'general' },
  { base: '000202013000', name: '灵活就业人员参保登记', dept: 'rlsb', type: 'immediate', hf: true, stat: 5, prom: 0, applicant: 'person', scenario: 'employment', materials: 1, weight: 0.8, online: 'full', instant: true, zero: true, levels: COUNTY_TOWN, ages: 'general' },
  { base: '000202014000', name: '高校毕业生就业创业补贴申领', dept: 'rlsb', type: 'promised', hf: false, stat: 20, prom: 10, applicant: 'person', scenario: 'employment', materials: 4, weight: 0.25, online: 'online', convertible: true, levels: COUNTY, ages: 'young', season: GRADUATE },
  { base: '000202015000', name: '职业技能提升补贴申领', dept: 'rlsb', type: 'promised', hf: false, stat: 20, prom: 5, applicant: 'person', scenario: 'employment', materials: 3, weight: 0.2, online: 'full', convertible: true, levels: COUNTY, ages: 'young' },
  // 婚姻
  { base: '000206016000', name: '内地居民结婚登记', dept: 'mz', type: 'immediate', hf: true, stat: 0, prom: 0, applicant: 'person', scenario: 'marriage', materials: 3, weight: 0.45, online: 'none', xprov: true, appointment: true, levels: COUNTY, ages: 'young', season: MARRIAGE },
  { base: '000206017000', name: '内地居民离婚登记', dept: 'mz', type: 'special', hf: false, stat: null, prom: null, applicant: 'person', scenario: 'marriage', materials: 4, weight: 0.15, online: 'none', appointment: true, levels: COUNTY, ages: 'general' },
  { base: '000206018000', name: '婚姻登记档案查询', dept: 'mz', type: 'immediate', hf: false, stat: 0, prom: 0, applicant: 'person', scenario: 'marriage', materials: 1, weight: 0.2, online: 'full', instant: true, zero: true, xprov: true, levels: COUNTY, ages: 'general' },
  // 退休一件事
  { base: '000202019000', name: '职工正常退休（职）申请', dept: 'rlsb', partner: 'yb', type: 'joint', hf: true, stat: 20, prom: 5, applicant: 'person', scenario: 'retirement', materials: 4, weight: 0.45, online: 'online', xdept: true, levels: COUNTY, ages: 'retire' },
  { base: '000202020000', name: '基本养老保险待遇申领', dept: 'rlsb', type: 'immediate', hf: true, stat: 15, prom: 0, applicant: 'person', scenario: 'retirement', materials: 2, weight: 0.45, online: 'full', instant: true, zero: true, xprov: true, levels: COUNTY, ages: 'retire' },
  { base: '000211021000', name: '离退休提取住房公积金', dept: 'gjj', type: 'immediate', hf: true, stat: 3, prom: 0, applicant: 'person', scenario: 'retirement', materials: 2, weight: 0.35, online: 'full', instant: true, zero: true, levels: COUNTY_CITY, ages: 'retire' },
  { base: '000206022000', name: '老年人优待证办理', dept: 'mz', type: 'immediate', hf: true, stat: 5, prom: 0, applicant: 'person', scenario: 'retirement', materials: 2, weight: 0.5, online: 'full', instant: true, levels: COUNTY_TOWN, ages: 'elder' },
  { base: '000206023000', name: '高龄津贴申领', dept: 'mz', type: 'promised', hf: false, stat: 20, prom: 10, applicant: 'person', scenario: 'retirement', materials: 2, weight: 0.3, online: 'online', zero: true, convertible: true, levels: COUNTY_TOWN, ages: 'elder' },
  // 户籍、证件、交通
  { base: '000203024000', name: '居民身份证换领', dept: 'ga', type: 'promised', hf: true, stat: 60, prom: 15, applicant: 'person', scenario: null, materials: 2, weight: 1.1, online: 'none', xprov: true, levels: COUNTY_TOWN, ages: 'general' },
  { base: '000203025000', name: '居住证申领', dept: 'ga', type: 'promised', hf: true, stat: 15, prom: 7, applicant: 'person', scenario: null, materials: 3, weight: 0.8, online: 'online', convertible: true, levels: COUNTY_TOWN, ages: 'young', season: MOVE },
  { base: '000203026000', name: '往来港澳通行证及签注', dept: 'ga', type: 'immediate', hf: true, stat: 7, prom: 0, applicant: 'person', scenario: null, materials: 2, weight: 0.9, online: 'full', instant: true, zero: true, xprov: true, levels: COUNTY_CITY, ages: 'general' },
  { base: '000203027000', name: '机动车驾驶证期满换证', dept: 'ga', type: 'immediate', hf: true, stat: 5, prom: 0, applicant: 'person', scenario: null, materials: 2, weight: 0.8, online: 'full', instant: true, xprov: true, levels: COUNTY, ages: 'general' },
  { base: '000203028000', name: '机动车检验标志核发', dept: 'ga', type: 'immediate', hf: true, stat: 3, prom: 0, applicant: 'person', scenario: null, materials: 2, weight: 1.3, online: 'full', instant: true, zero: true, levels: COUNTY, ages: 'general' },
  // 社保、医保、公积金
  { base: '000202029000', name: '社会保险个人参保证明打印', dept: 'rlsb', type: 'immediate', hf: true, stat: 0, prom: 0, applicant: 'person', scenario: null, materials: 1, weight: 2.6, online: 'full', instant: true, zero: true, xprov: true, levels: COUNTY_TOWN, ages: 'general' },
  { base: '000210030000', name: '基本医疗保险关系转移接续', dept: 'yb', type: 'promised', hf: false, stat: 15, prom: 5, applicant: 'person', scenario: null, materials: 2, weight: 0.4, online: 'online', convertible: true, xprov: true, levels: COUNTY, ages: 'general' },
  { base: '000210031000', name: '异地就医备案', dept: 'yb', type: 'immediate', hf: true, stat: 3, prom: 0, applicant: 'person', scenario: null, materials: 1, weight: 0.9, online: 'full', instant: true, zero: true, xprov: true, levels: COUNTY, ages: 'general' },
  { base: '000210032000', name: '医疗费用零星报销', dept: 'yb', type: 'promised', hf: false, stat: 20, prom: 10, applicant: 'person', scenario: null, materials: 5, weight: 0.4, online: 'online', xprov: true, levels: COUNTY, ages: 'general' },
  { base: '000211033000', name: '租房提取住房公积金', dept: 'gjj', type: 'immediate', hf: true, stat: 3, prom: 0, applicant: 'person', scenario: null, materials: 2, weight: 1.4, online: 'full', instant: true, zero: true, xprov: true, levels: COUNTY_CITY, ages: 'young' },
  { base: '000211034000', name: '住房公积金个人住房贷款', dept: 'gjj', partner: 'zrzy', type: 'promised', hf: false, stat: 15, prom: 5, applicant: 'person', scenario: 'real_estate_registration', materials: 6, weight: 0.25, online: 'online', xdept: true, levels: COUNTY_CITY, ages: 'young' },
  // 社会救助
  { base: '000206035000', name: '最低生活保障申请', dept: 'mz', type: 'promised', hf: false, stat: 30, prom: 15, applicant: 'person', scenario: null, materials: 5, weight: 0.15, online: 'online', levels: COUNTY_TOWN, ages: 'elder' },
  { base: '000215036000', name: '残疾人证新办', dept: 'cl', partner: 'wjj', type: 'promised', hf: false, stat: 30, prom: 15, applicant: 'person', scenario: null, materials: 3, weight: 0.1, online: 'online', xdept: true, levels: COUNTY_TOWN, ages: 'elder' },
  { base: '000206037000', name: '困难残疾人生活补贴申请', dept: 'mz', type: 'promised', hf: false, stat: 20, prom: 10, applicant: 'person', scenario: null, materials: 3, weight: 0.08, online: 'online', zero: true, levels: COUNTY_TOWN, ages: 'elder' },
  // 不动产登记
  { base: '000205038000', name: '不动产转移登记（二手房买卖）', dept: 'zrzy', partner: 'sw', type: 'joint', hf: true, stat: 30, prom: 3, applicant: 'person', scenario: 'real_estate_registration', materials: 6, weight: 0.7, online: 'online', xdept: true, appointment: true, levels: COUNTY, ages: 'general', season: MOVE },
  { base: '000205039000', name: '不动产抵押登记', dept: 'zrzy', type: 'promised', hf: true, stat: 30, prom: 1, applicant: 'person', scenario: 'real_estate_registration', materials: 4, weight: 0.6, online: 'online', convertible: true, levels: COUNTY, ages: 'general' },
  { base: '000205040000', name: '不动产首次登记', dept: 'zrzy', type: 'promised', hf: false, stat: 30, prom: 5, applicant: 'person', scenario: 'real_estate_registration', materials: 5, weight: 0.2, online: 'online', levels: COUNTY, ages: 'general' },
  { base: '000205041000', name: '不动产登记资料查询', dept: 'zrzy', type: 'immediate', hf: true, stat: 0, prom: 0, applicant: 'person', scenario: 'real_estate_registration', materials: 1, weight: 0.8, online: 'full', instant: true, zero: true, inprov: true, levels: COUNTY, ages: 'general' },
  { base: '000207042000', name: '商品房买卖合同网签备案', dept: 'zjj', type: 'immediate', hf: false, stat: 3, prom: 0, applicant: 'person', scenario: 'real_estate_registration', materials: 3, weight: 0.35, online: 'full', levels: COUNTY, ages: 'young' },
  // 企业开办一件事
  { base: '000201043000', name: '企业设立登记', dept: 'scjg', partner: 'sw', type: 'joint', hf: false, stat: 15, prom: 1, applicant: 'enterprise', scenario: 'enterprise_startup', materials: 4, weight: 0.55, online: 'full', xdept: true, levels: COUNTY, season: YEAR_END },
  { base: '000203044000', name: '公章刻制备案', dept: 'ga', type: 'immediate', hf: false, stat: 1, prom: 0, applicant: 'enterprise', scenario: 'enterprise_startup', materials: 2, weight: 0.5, online: 'full', instant: true, zero: true, levels: COUNTY },
  { base: '000212045000', name: '新办纳税人涉税事项套餐（发票申领）', dept: 'sw', type: 'immediate', hf: false, stat: 5, prom: 0, applicant: 'enterprise', scenario: 'enterprise_startup', materials: 2, weight: 0.5, online: 'full', instant: true, levels: COUNTY },
  { base: '000202046000', name: '单位参保登记', dept: 'rlsb', type: 'immediate', hf: false, stat: 5, prom: 0, applicant: 'enterprise', scenario: 'enterprise_startup', materials: 1, weight: 0.45, online: 'full', instant: true, zero: true, levels: COUNTY },
  { base: '000211047000', name: '住房公积金单位缴存登记', dept: 'gjj', type: 'immediate', hf: false, stat: 5, prom: 0, applicant: 'enterprise', scenario: 'enterprise_startup', materials: 1, weight: 0.3, online: 'full', instant: true, zero: true, levels: COUNTY_CITY },
  { base: '000201048000', name: '个体工商户设立登记', dept: 'scjg', type: 'immediate', hf: true, stat: 15, prom: 0, applicant: 'person', scenario: 'enterprise_startup', materials: 2, weight: 0.9, online: 'full', instant: true, levels: COUNTY_TOWN, ages: 'general' },
  { base: '000201049000', name: '营业执照变更登记', dept: 'scjg', type: 'promised', hf: false, stat: 15, prom: 1, applicant: 'enterprise', scenario: null, materials: 3, weight: 0.55, online: 'full', convertible: true, levels: COUNTY },
  { base: '000201050000', name: '企业注销登记', dept: 'scjg', partner: 'sw', type: 'joint', hf: false, stat: 20, prom: 3, applicant: 'enterprise', scenario: null, materials: 3, weight: 0.25, online: 'full', xdept: true, levels: COUNTY, season: YEAR_END },
  { base: '000201051000', name: '食品经营许可证核发', dept: 'scjg', type: 'promised', hf: false, stat: 20, prom: 5, applicant: 'enterprise', scenario: null, materials: 4, weight: 0.35, online: 'online', convertible: true, levels: COUNTY },
  // 工程建设项目审批
  { base: '000205052000', name: '建设工程规划许可证核发', dept: 'zrzy', type: 'promised', hf: false, stat: 20, prom: 10, applicant: 'enterprise', scenario: 'construction_permit', materials: 6, weight: 0.06, online: 'online', levels: COUNTY_CITY },
  { base: '000207053000', name: '建筑工程施工许可证核发', dept: 'zjj', type: 'promised', hf: false, stat: 15, prom: 3, applicant: 'enterprise', scenario: 'construction_permit', materials: 5, weight: 0.06, online: 'full', levels: COUNTY_CITY },
  { base: '000207054000', name: '建设工程竣工联合验收', dept: 'zjj', partner: 'zrzy', type: 'joint', hf: false, stat: 20, prom: 10, applicant: 'enterprise', scenario: 'construction_permit', materials: 7, weight: 0.05, online: 'online', xdept: true, levels: COUNTY_CITY },
  { base: '000213055000', name: '建设项目环境影响报告表审批', dept: 'sthj', type: 'promised', hf: false, stat: 30, prom: 10, applicant: 'enterprise', scenario: 'construction_permit', materials: 5, weight: 0.04, online: 'online', levels: ['county', 'city', 'province'] },
  { base: '000214056000', name: '企业投资项目备案', dept: 'fgw', type: 'immediate', hf: false, stat: 3, prom: 0, applicant: 'enterprise', scenario: 'construction_permit', materials: 2, weight: 0.08, online: 'full', instant: true, levels: ['county', 'city', 'province'] },
  // 交通、人社、环保许可（市级、省级）
  { base: '000216057000', name: '道路货物运输经营许可', dept: 'jt', type: 'promised', hf: false, stat: 20, prom: 5, applicant: 'enterprise', scenario: null, materials: 4, weight: 0.06, online: 'full', convertible: true, levels: COUNTY_CITY },
  { base: '000213058000', name: '排污许可证核发', dept: 'sthj', type: 'promised', hf: false, stat: 20, prom: 10, applicant: 'enterprise', scenario: null, materials: 5, weight: 0.04, online: 'online', levels: ['city'] },
  { base: '000202059000', name: '人力资源服务许可', dept: 'rlsb', type: 'promised', hf: false, stat: 20, prom: 10, applicant: 'enterprise', scenario: null, materials: 4, weight: 0.02, online: 'full', levels: ['city', 'province'] },
  { base: '000201060000', name: '药品批发企业经营许可', dept: 'scjg', type: 'promised', hf: false, stat: 30, prom: 15, applicant: 'enterprise', scenario: null, materials: 8, weight: 0.015, online: 'online', levels: ['province'] },
  { base: '000208061000', name: '教师资格认定', dept: 'jyj', type: 'promised', hf: false, stat: 30, prom: 10, applicant: 'person', scenario: null, materials: 4, weight: 0.08, online: 'full', levels: ['city', 'province'], ages: 'young', season: GRADUATE },
];

/** Volume factors of the city and the province relative to a county of the same population. */
export const LEVEL_VOLUME: Record<'city' | 'province', number> = { city: 0.06, province: 0.015 };

/** Share of a township-level item's volume handled at the township's 便民服务中心. */
export const TOWNSHIP_SHARE = 0.35;

export interface StepSpec {
  name: string;
  dept: DeptKey;
  hours: number;
}

/** The published approval process (受理、审查、决定、办结) with the responsible department. */
export function itemSteps(item: ItemTemplate, immediate: boolean, promised: number | null): StepSpec[] {
  const days = Math.max(promised ?? 0, 0);
  const h = (share: number) => (immediate ? 0.5 : Math.max(1, Math.round(days * 8 * share)));
  const desk: DeptKey = 'zwfw';
  if (immediate) {
    return [
      { name: '受理', dept: desk, hours: 0.5 },
      { name: '审查与决定', dept: item.dept, hours: 0.5 },
      { name: '办结', dept: item.dept, hours: 0.5 },
    ];
  }
  if (item.type === 'joint') {
    return [
      { name: '受理（综合窗口）', dept: desk, hours: h(0.1) },
      { name: '审查', dept: item.dept, hours: h(0.35) },
      { name: '并联审查', dept: item.partner ?? item.dept, hours: h(0.35) },
      { name: '决定', dept: item.dept, hours: h(0.1) },
      { name: '办结（送达）', dept: desk, hours: h(0.1) },
    ];
  }
  if (item.type === 'special') {
    return [
      { name: '受理', dept: item.dept, hours: 1 },
      { name: '审查', dept: item.dept, hours: 4 },
      { name: '离婚冷静期（30日）', dept: item.dept, hours: 240 },
      { name: '决定', dept: item.dept, hours: 1 },
      { name: '办结', dept: item.dept, hours: 1 },
    ];
  }
  return [
    { name: '受理', dept: desk, hours: h(0.1) },
    { name: '审查', dept: item.dept, hours: h(0.5) },
    { name: '决定', dept: item.dept, hours: h(0.25) },
    { name: '办结', dept: item.dept, hours: h(0.15) },
  ];
}

/** Age-band draws per profile: <18, 18-44, 45-59, 60-69, 70-79, 80+. */
export const AGE_PROFILES: Record<AgeProfile, readonly number[]> = {
  general: [0.02, 0.52, 0.26, 0.12, 0.06, 0.02],
  young: [0.01, 0.86, 0.11, 0.02, 0, 0],
  parent: [0, 0.9, 0.08, 0.02, 0, 0],
  retire: [0, 0, 0.42, 0.53, 0.05, 0],
  elder: [0, 0, 0.04, 0.42, 0.34, 0.2],
};

export const AGE_BANDS = ['<18', '18-44', '45-59', '60-69', '70-79', '80+'] as const;
