// The demo province: 浙江省's real divisions (GB/T 2260, zhejiang-divisions.json), a persistent
// "maturity" effect per county (some lead, some lag, in every period), departments per unit and
// the apps (浙里办, the provincial portal, a city app or mini-program per city, a mini-program
// per county).
import divisions from './zhejiang-divisions.json' with { type: 'json' };
import { clamp, hashText, normal, stream } from './random';

export interface Division {
  code: string;
  name: string;
}

export interface County extends Division {
  /** Position in the county list (for per-county seeds). */
  index: number;
  city: string;
  cityName: string;
  /** Approximate resident population, 10,000s (2020 census, rounded): drives volumes. */
  population: number;
  /** 市辖区 (urban district) rather than 县 / 县级市. */
  district: boolean;
  /** Persistent maturity effect, roughly −1.5…+1.5 (0 = provincial average). */
  effect: number;
  /** Domain deviations around the effect, so that indicators are correlated but not identical. */
  domains: { efficiency: number; experience: number; data: number; ops: number };
  townships: Division[];
  /** Prefix of department names: 杭州市上城区 for districts, 桐庐县 for counties. */
  prefix: string;
  /** Short name for 分局 names: 上城, 景宁. */
  short: string;
}

export interface City extends Division {
  index: number;
  counties: County[];
  effect: number;
}

export const PROVINCE: Division = divisions.province;

/** Approximate resident population in 10,000s (seventh census, 2020; rounded). */
const POPULATION: Record<string, number> = {
  '330102': 132, '330105': 116, '330106': 111, '330108': 50, '330109': 201, '330110': 123, '330111': 83, '330112': 64,
  '330113': 111, '330114': 77, '330122': 45, '330127': 33, '330182': 44,
  '330203': 94, '330205': 49, '330206': 83, '330211': 51, '330212': 161, '330213': 58, '330225': 57, '330226': 70,
  '330281': 125, '330282': 183,
  '330302': 129, '330303': 77, '330304': 96, '330305': 15, '330324': 87, '330326': 86, '330327': 84, '330328': 29,
  '330329': 27, '330381': 152, '330382': 145, '330383': 46,
  '330402': 62, '330411': 66, '330421': 65, '330424': 45, '330481': 108, '330482': 69, '330483': 102,
  '330502': 90, '330503': 54, '330521': 55, '330522': 67, '330523': 59,
  '330602': 94, '330603': 110, '330604': 78, '330624': 43, '330681': 122, '330683': 68,
  '330702': 96, '330703': 50, '330723': 46, '330726': 46, '330727': 18, '330781': 58, '330782': 186, '330783': 109,
  '330784': 96,
  '330802': 46, '330803': 36, '330822': 26, '330824': 25, '330825': 36, '330881': 47,
  '330902': 51, '330903': 38, '330921': 20, '330922': 7,
  '331002': 60, '331003': 65, '331004': 64, '331022': 37, '331023': 41, '331024': 43, '331081': 141, '331082': 111,
  '331083': 64,
  '331102': 58, '331121': 50, '331122': 41, '331123': 21, '331124': 21, '331125': 12, '331126': 14, '331127': 11,
  '331181': 25,
};

/** Where each city starts: the digital-government gap between the north-east and the south-west mountains. */
const CITY_BASE: Record<string, number> = {
  '330100': 0.55, '330200': 0.4, '330300': -0.05, '330400': 0.3, '330500': 0.25, '330600': 0.2,
  '330700': 0.05, '330800': -0.35, '330900': -0.1, '331000': 0.0, '331100': -0.45,
};

export interface Province {
  province: Division;
  cities: City[];
  counties: County[];
  townships: (Division & { county: string })[];
  countyByCode: Map<string, County>;
  cityByCode: Map<string, City>;
}

export function buildProvince(seed: number): Province {
  const rng = stream(seed, 0x70);
  const cityNames = new Map(divisions.cities.map((c) => [c.code, c.name]));
  const townshipsOf = new Map<string, Division[]>();
  for (const t of divisions.townships) {
    const list = townshipsOf.get(t.county) ?? [];
    list.push({ code: t.code, name: t.name });
    townshipsOf.set(t.county, list);
  }
  const counties: County[] = divisions.counties.map((c, index): County => {
    const population = POPULATION[c.code] ?? 40;
    const district = c.name.endsWith('区');
    const cityName = cityNames.get(c.city) ?? '';
    const base = (CITY_BASE[c.city] ?? 0) + (district ? 0.15 : -0.05) + 0.25 * Math.log(population / 60);
    const effect = base + 0.45 * normal(rng);
    const domains = {
      efficiency: effect + 0.35 * normal(rng),
      experience: effect + 0.35 * normal(rng),
      data: effect + 0.4 * normal(rng),
      ops: effect + 0.4 * normal(rng),
    };
    const short = c.name.length > 2 ? c.name.replace(/(畲族自治县|区|县|市)$/, '') : c.name;
    return {
      code: c.code,
      name: c.name,
      index,
      city: c.city,
      cityName,
      population,
      district,
      effect,
      domains,
      townships: townshipsOf.get(c.code) ?? [],
      prefix: district ? `${cityName}${c.name}` : c.name,
      short,
    };
  });
  // Centre the effects on the provincial (population-weighted) average and give them a spread
  // of about 0.7 across counties, so that half the population lives in lagging counties.
  const weight = counties.reduce((s, k) => s + k.population, 0);
  const mean = counties.reduce((s, k) => s + k.effect * k.population, 0) / weight;
  const sd = Math.sqrt(counties.reduce((s, k) => s + (k.effect - mean) ** 2, 0) / counties.length);
  const norm = (x: number) => clamp(((x - mean) / sd) * 0.7, -2, 2);
  for (const k of counties) {
    k.effect = norm(k.effect);
    k.domains = { efficiency: norm(k.domains.efficiency), experience: norm(k.domains.experience), data: norm(k.domains.data), ops: norm(k.domains.ops) };
  }
  const cities: City[] = divisions.cities.map((c, index) => {
    const own = counties.filter((k) => k.city === c.code);
    const effect = own.reduce((s, k) => s + k.effect * k.population, 0) / own.reduce((s, k) => s + k.population, 0);
    return { code: c.code, name: c.name, index, counties: own, effect };
  });
  return {
    province: PROVINCE,
    cities,
    counties,
    townships: divisions.townships.map((t) => ({ code: t.code, name: t.name, county: t.county })),
    countyByCode: new Map(counties.map((c) => [c.code, c])),
    cityByCode: new Map(cities.map((c) => [c.code, c])),
  };
}

// ---------------------------------------------------------------------------------------------
// Departments
// ---------------------------------------------------------------------------------------------

export type DeptKey =
  | 'scjg' | 'rlsb' | 'ga' | 'mz' | 'zrzy' | 'zjj' | 'wjj' | 'jyj' | 'sw' | 'yb' | 'gjj' | 'jt' | 'sthj' | 'fgw' | 'cl' | 'zwfw' | 'sjj';

type Level = 'province' | 'city' | 'county';

/** Department names per level; functions for the vertically managed ones. */
const DEPARTMENTS: Record<DeptKey, (level: Level, unit: { prefix: string; cityName: string; short: string }) => string> = {
  scjg: (_, u) => `${u.prefix}市场监督管理局`,
  rlsb: (l, u) => `${u.prefix}人力资源和社会保障${l === 'province' ? '厅' : '局'}`,
  ga: (l, u) => (l === 'province' ? '浙江省公安厅' : l === 'city' ? `${u.prefix}公安局` : u.prefix.startsWith(u.cityName) && u.prefix !== u.cityName ? `${u.cityName}公安局${u.short}分局` : `${u.prefix}公安局`),
  mz: (l, u) => `${u.prefix}民政${l === 'province' ? '厅' : '局'}`,
  zrzy: (l, u) => (l === 'province' ? '浙江省自然资源厅' : `${u.prefix}自然资源和规划局`),
  zjj: (l, u) => `${u.prefix}住房和城乡建设${l === 'province' ? '厅' : '局'}`,
  wjj: (l, u) => `${u.prefix}卫生健康${l === 'county' ? '局' : '委员会'}`,
  jyj: (l, u) => `${u.prefix}教育${l === 'province' ? '厅' : '局'}`,
  sw: (_, u) => `国家税务总局${u.prefix}税务局`,
  yb: (_, u) => `${u.prefix}医疗保障局`,
  gjj: (l, u) => (l === 'province' ? '浙江省省级住房公积金管理中心' : l === 'city' ? `${u.cityName}住房公积金管理中心` : `${u.cityName}住房公积金管理中心${u.short}分中心`),
  jt: (l, u) => `${u.prefix}交通运输${l === 'province' ? '厅' : '局'}`,
  sthj: (l, u) => (l === 'province' ? '浙江省生态环境厅' : l === 'city' ? `${u.prefix}生态环境局` : `${u.cityName}生态环境局${u.short}分局`),
  fgw: (l, u) => `${u.prefix}发展和改革${l === 'county' ? '局' : '委员会'}`,
  cl: (_, u) => `${u.prefix}残疾人联合会`,
  zwfw: (_, u) => `${u.prefix}政务服务中心`,
  sjj: (l, u) => (l === 'province' ? '浙江省大数据发展管理局' : l === 'city' ? `${u.prefix}数据资源管理局` : `${u.prefix}大数据发展中心`),
};

export const DEPT_KEYS = Object.keys(DEPARTMENTS) as DeptKey[];

export const deptCode = (unit: string, key: DeptKey) => `${unit}-${key}`;

export interface DepartmentRow {
  code: string;
  name: string;
  orgUnit: string;
}

export function departments(p: Province): DepartmentRow[] {
  const rows: DepartmentRow[] = [];
  const add = (code: string, level: Level, u: { prefix: string; cityName: string; short: string }) => {
    for (const key of DEPT_KEYS) rows.push({ code: deptCode(code, key), name: DEPARTMENTS[key](level, u), orgUnit: code });
  };
  add(p.province.code, 'province', { prefix: p.province.name, cityName: p.province.name, short: p.province.name });
  for (const c of p.cities) {
    add(c.code, 'city', { prefix: c.name, cityName: c.name, short: c.name });
    for (const k of c.counties) add(k.code, 'county', k);
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Apps
// ---------------------------------------------------------------------------------------------

export interface DemoApp {
  id: string;
  name: string;
  orgUnit: string;
  kind: 'app' | 'mini_program' | 'web';
  /** Registered users at scale 1 (the event sample). */
  users: number;
  /** Operations maturity: −2…+2. */
  effect: number;
  /** Month index (0–11) of the first month in service, or null = before the window. */
  fromMonth: number | null;
  /** Month index of the last month in service, or null = still in service. */
  toMonth: number | null;
  /** Source system of its SDK events. */
  source: string;
}

const CITY_APPS: Record<string, { name: string; kind: 'app' | 'mini_program' }> = {
  '330100': { name: '我的杭州', kind: 'app' },
  '330200': { name: '甬上办', kind: 'app' },
  '330300': { name: '温州市民通', kind: 'app' },
  '330400': { name: '嘉兴办事', kind: 'mini_program' },
  '330500': { name: '湖州政务服务', kind: 'mini_program' },
  '330600': { name: '绍兴政务服务', kind: 'mini_program' },
  '330700': { name: '金华市民通', kind: 'app' },
  '330800': { name: '衢州政务服务', kind: 'mini_program' },
  '330900': { name: '舟山政务服务', kind: 'mini_program' },
  '331000': { name: '台州政务服务', kind: 'mini_program' },
  '331100': { name: '丽水政务服务', kind: 'mini_program' },
};

export const ZHELIBAN = 'zheliban';
export const PORTAL = 'zjzwfw-web';

/** The county whose mini-program goes live during the window, and the one whose old app is retired. */
export const NEW_APP_COUNTY = '330783';
export const RETIRED_APP_COUNTY = '330681';

export function buildApps(p: Province): DemoApp[] {
  const apps: DemoApp[] = [
    { id: ZHELIBAN, name: '浙里办', orgUnit: p.province.code, kind: 'app', users: 16_000, effect: 1.2, fromMonth: null, toMonth: null, source: 'zlb-app' },
    { id: PORTAL, name: '浙江政务服务网', orgUnit: p.province.code, kind: 'web', users: 2_500, effect: 1.0, fromMonth: null, toMonth: null, source: 'zjzwfw-web' },
  ];
  for (const c of p.cities) {
    const spec = CITY_APPS[c.code] ?? { name: `${c.name}政务服务`, kind: 'mini_program' as const };
    const users = Math.round(1000 * Math.sqrt(c.counties.reduce((s, k) => s + k.population, 0) / 600));
    apps.push({ id: `app-${c.code}`, name: spec.name, orgUnit: c.code, kind: spec.kind, users, effect: c.effect, fromMonth: null, toMonth: null, source: `sdk-${c.code}` });
  }
  for (const k of p.counties) {
    const users = Math.round(90 + 1.2 * k.population);
    apps.push({
      id: `mp-${k.code}`,
      name: `${k.name}政务服务`,
      orgUnit: k.code,
      kind: 'mini_program',
      users,
      effect: k.domains.ops,
      fromMonth: k.code === NEW_APP_COUNTY ? 3 : null,
      toMonth: null,
      source: `sdk-${k.code}`,
    });
    if (k.code === RETIRED_APP_COUNTY) {
      apps.push({ id: `app-${k.code}-legacy`, name: `掌上${k.short}（旧版）`, orgUnit: k.code, kind: 'app', users: 60, effect: k.domains.ops - 0.8, fromMonth: null, toMonth: 4, source: `sdk-${k.code}-legacy` });
    }
  }
  return apps;
}

/** A stable seed offset for a code. */
export const codeSeed = (code: string) => hashText(code);
