import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FACT_TYPES, FACT_TYPE_NAMES, MANUAL_FORM_ITEMS, PERSONAL_DATA, factIssues, idNumberCheckCharacter, normaliseTimestamp, periodBounds, personalDataOf, type FactTypeName } from './index';

const root = join(import.meta.dirname, '../../../..');
const example = (type: FactTypeName): Record<string, unknown>[] => JSON.parse(readFileSync(join(root, 'examples/ingest', `${type}.json`), 'utf8'));

/** The issues of a parse that must fail. */
function issuesOf(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(input);
  if (result.success) throw new Error(`expected a failure, got ${JSON.stringify(result.data)}`);
  return factIssues(result.error);
}
const paths = (schema: z.ZodType, input: unknown) => issuesOf(schema, input).map((i) => i.path.join('.'));

/** A record as a CSV row: every column a string cell, as a spreadsheet export would write it. */
function toCells(record: Record<string, unknown>, columns: readonly string[], booleans: [string, string] = ['true', 'false']): Record<string, string> {
  const row: Record<string, string> = {};
  for (const column of columns) {
    const value = record[column];
    row[column] = value === undefined || value === null ? '' : typeof value === 'boolean' ? booleans[value ? 0 : 1] : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return row;
}

const handling = () => ({ ...example('handling-records')[0]! });

describe('fact record schemas', () => {
  it('registers every ingestion type with a label, columns beginning with source_id, and both schemas', () => {
    expect(FACT_TYPE_NAMES).toEqual(['handling-records', 'ratings', 'events', 'feedback', 'manual-submissions', 'mystery-shopper-runs', 'operations', 'service-items', 'org-units', 'departments', 'apps']);
    for (const name of FACT_TYPE_NAMES) {
      const type = FACT_TYPES[name];
      expect(type.label.zh.length).toBeGreaterThan(0);
      expect(type.label.en.length).toBeGreaterThan(0);
      expect(type.columns).toContain('source_id');
      expect(new Set(type.columns).size).toBe(type.columns.length);
    }
    expect(FACT_TYPES.operations.columns[0]).toBe('kind');
  });

  it.each(FACT_TYPE_NAMES)('accepts every record of examples/ingest/%s.json', (name) => {
    const records = example(name);
    expect(records.length).toBeGreaterThanOrEqual(3);
    expect(records.length).toBeLessThanOrEqual(10);
    for (const record of records) {
      const result = FACT_TYPES[name].schema.safeParse(record);
      expect(result.error ? factIssues(result.error) : [], JSON.stringify(record)).toEqual([]);
    }
  });

  it.each(FACT_TYPE_NAMES)('parses the CSV form of %s to the same records as the JSON form', (name) => {
    const { schema, csvSchema, columns } = FACT_TYPES[name];
    example(name).forEach((record, index) => {
      const expected = schema.parse(record);
      const booleans: [string, string] = index % 2 === 0 ? ['true', 'false'] : ['是', '否'];
      const csv = csvSchema.safeParse(toCells(record, columns, booleans));
      expect(csv.error ? factIssues(csv.error) : [], JSON.stringify(record)).toEqual([]);
      expect(csv.data).toEqual(expected);
    });
  });

  it('fills source_id from the natural id, and keeps an explicit one', () => {
    const { schema } = FACT_TYPES['handling-records'];
    expect(schema.parse(handling()).source_id).toBe('SC2025070300127');
    expect(schema.parse({ ...handling(), source_id: 'approval-db:81723' }).source_id).toBe('approval-db:81723');
    const [availability, , incident] = example('operations');
    expect(FACT_TYPES.operations.schema.parse(availability).source_id).toBe('ops_availability:sc-qyfw:2025-08-20');
    expect(FACT_TYPES.operations.schema.parse(incident).source_id).toBe('INC-2025-0820-01');
    expect(FACT_TYPES['service-items'].schema.parse(example('service-items')[0]).source_id).toBe('330102:330102-000201024000:2025-06-30');
    expect(FACT_TYPES['org-units'].schema.parse(example('org-units')[2]).source_id).toBe('330102');
    expect(paths(FACT_TYPES['handling-records'].schema, { ...handling(), source_id: '  ' })).toEqual(['source_id']);
  });

  it('fills absent optional fields with null and flags with their default', () => {
    const open = FACT_TYPES['handling-records'].schema.parse(example('handling-records')[3]);
    expect(open.app_id).toBeNull();
    expect(open.auto_review).toBeNull();
    expect(open.error_found_at).toBeNull();
    const feedback = FACT_TYPES.feedback.schema.parse(example('feedback')[3]);
    expect([feedback.tier, feedback.department, feedback.major]).toEqual([null, null, false]);
  });

  describe('rejects with an issue naming the field', () => {
    const schema = FACT_TYPES['handling-records'].schema;
    it('wrong types', () => {
      expect(paths(schema, { ...handling(), trips: '2' })).toEqual(['trips']);
      expect(paths(schema, { ...handling(), trips: 1.5 })).toEqual(['trips']);
      expect(paths(schema, { ...handling(), trips: -1 })).toEqual(['trips']);
      expect(paths(schema, { ...handling(), full_online: 'yes' })).toEqual(['full_online']);
      expect(paths(schema, { ...handling(), submitted_at: 1720000000 })).toEqual(['submitted_at']);
      expect(issuesOf(schema, { ...handling(), trips: '2' })[0]!.message).toBe('must be a whole number');
    });
    it('missing required fields', () => {
      const { item_code: _, ...rest } = handling();
      expect(issuesOf(schema, rest)).toEqual([{ path: ['item_code'], message: 'is required' }]);
    });
    it('unknown fields, each at its own path', () => {
      expect(issuesOf(schema, { ...handling(), applicant_name: '张三', id_number: 'x' })).toEqual([
        { path: ['applicant_name'], message: 'unknown field' },
        { path: ['id_number'], message: 'unknown field' },
      ]);
      const evidence = { ...example('manual-submissions')[0]!, evidence: [{ name: '截图', note: '说明', size: 1 }] };
      expect(paths(FACT_TYPES['manual-submissions'].schema, evidence)).toEqual(['evidence.0.size']);
    });
    it('enum values outside the documented ones', () => {
      expect(issuesOf(schema, { ...handling(), channel: 'fax' })).toEqual([{ path: ['channel'], message: 'must be one of app, web, hall, kiosk, phone' }]);
      expect(paths(schema, { ...handling(), age_band: '60+' })).toEqual(['age_band']);
      expect(paths(FACT_TYPES.feedback.schema, { ...example('feedback')[0]!, status: 'done' })).toEqual(['status']);
      expect(paths(FACT_TYPES.operations.schema, { ...example('operations')[0]!, kind: 'ops_outage' })).toEqual(['kind']);
      expect(paths(FACT_TYPES.operations.schema, { ...example('operations')[3]!, release_kind: 'major' })).toEqual(['release_kind']);
      expect(paths(FACT_TYPES['manual-submissions'].schema, { ...example('manual-submissions')[0]!, form_item: 'village_total' })).toEqual(['form_item']);
    });
    it('codes that are not GB/T 2260', () => {
      for (const code of ['33010', '3301020', '33A102', '3301020011', ' 330102']) expect(paths(schema, { ...handling(), org_unit: code })).toEqual(['org_unit']);
      expect(paths(FACT_TYPES.operations.schema, { ...example('operations')[7]!, consumer_org_unit: '杭州' })).toEqual(['consumer_org_unit']);
      expect(paths(FACT_TYPES['org-units'].schema, { ...example('org-units')[2]!, parent_code: '3301' })).toEqual(['parent_code']);
    });
    it('ratings outside 1–5, incident levels outside 1–4, scores outside 0–100', () => {
      const rating = example('ratings')[0]!;
      for (const level of [0, 6, 4.5, '5']) expect(paths(FACT_TYPES.ratings.schema, { ...rating, level })).toEqual(['level']);
      expect(paths(FACT_TYPES.operations.schema, { ...example('operations')[2]!, level: 5 })).toEqual(['level']);
      expect(paths(FACT_TYPES['mystery-shopper-runs'].schema, { ...example('mystery-shopper-runs')[0]!, score: 101 })).toEqual(['score']);
    });
    it('event values and task ids that the event type requires', () => {
      const events = example('events');
      const ui = events.find((e) => e.event_type === 'survey_ui')!;
      const nps = events.find((e) => e.event_type === 'survey_nps')!;
      const start = events.find((e) => e.event_type === 'task_start')!;
      expect(issuesOf(FACT_TYPES.events.schema, { ...ui, value: 6 })).toEqual([{ path: ['value'], message: 'value must be stars, a whole number from 1 to 5 when event_type is survey_ui' }]);
      expect(paths(FACT_TYPES.events.schema, { ...ui, value: null })).toEqual(['value']);
      expect(paths(FACT_TYPES.events.schema, { ...nps, value: 10.5 })).toEqual(['value']);
      expect(FACT_TYPES.events.schema.parse({ ...nps, value: 0 }).value).toBe(0);
      expect(issuesOf(FACT_TYPES.events.schema, { ...start, task_id: null })).toEqual([{ path: ['task_id'], message: 'task_id is required when event_type is task_start' }]);
    });
    it('evidence: at least one item, each with a name and a note, an http(s) url', () => {
      const submission = example('manual-submissions')[0]!;
      expect(paths(FACT_TYPES['manual-submissions'].schema, { ...submission, evidence: [] })).toEqual(['evidence']);
      expect(paths(FACT_TYPES['manual-submissions'].schema, { ...submission, evidence: [{ name: '截图' }] })).toEqual(['evidence.0.note']);
      expect(paths(FACT_TYPES['manual-submissions'].schema, { ...submission, evidence: [{ name: '截图', note: '说明', url: 'ftp://x' }] })).toEqual(['evidence.0.url']);
    });
    it('periods and dates that do not exist', () => {
      expect(paths(FACT_TYPES['manual-submissions'].schema, { ...example('manual-submissions')[0]!, period: '2025-Q5' })).toEqual(['period']);
      expect(paths(FACT_TYPES['manual-submissions'].schema, { ...example('manual-submissions')[0]!, period: '2025-13' })).toEqual(['period']);
      expect(paths(FACT_TYPES.operations.schema, { ...example('operations')[0]!, day: '2025-02-29' })).toEqual(['day']);
      expect(FACT_TYPES.operations.schema.parse({ ...example('operations')[0]!, day: '2024-02-29' })).toMatchObject({ day: '2024-02-29' });
    });
  });

  describe('timestamps', () => {
    it('reads a naive local time as Beijing time and normalises every timestamp to +08:00', () => {
      expect(normaliseTimestamp('2025-07-15 10:03:00')).toBe('2025-07-15T10:03:00+08:00');
      expect(normaliseTimestamp('2025-07-15T10:03:00')).toBe('2025-07-15T10:03:00+08:00');
      expect(normaliseTimestamp('2025-07-15T10:03')).toBe('2025-07-15T10:03:00+08:00');
      expect(normaliseTimestamp('2025-08-01T01:20:00Z')).toBe('2025-08-01T09:20:00+08:00');
      expect(normaliseTimestamp('2025-12-31T20:30:00-05:00')).toBe('2026-01-01T09:30:00+08:00');
      expect(normaliseTimestamp('2025-07-03T09:14:21.355+08:00')).toBe('2025-07-03T09:14:21.355+08:00');
      expect(normaliseTimestamp('2025-07-03 09:14:21.1234567+0800')).toBe('2025-07-03T09:14:21.123456+08:00');
      for (const bad of ['2025-02-29 10:00:00', '2025-07-15 24:00:00', '2025-07-15 10:60:00', '2025-07-15', '15/07/2025 10:00', '2025-07-15T10:00:00+15:00', 'now']) {
        expect(normaliseTimestamp(bad), bad).toBeNull();
      }
    });
    it('gives records their timestamps with the offset, naive or not', () => {
      const [first, second, third] = example('handling-records').map((r) => FACT_TYPES['handling-records'].schema.parse(r));
      expect(first!.submitted_at).toBe('2025-07-03T09:12:40+08:00');
      expect(second!.submitted_at).toBe('2025-07-15T10:03:00+08:00');
      expect(third!.completed_at).toBe('2025-08-01T15:10:00+08:00');
      expect(issuesOf(FACT_TYPES.ratings.schema, { ...example('ratings')[0]!, rated_at: '2025-07-03 9:20' })).toEqual([
        { path: ['rated_at'], message: 'must be an ISO-8601 timestamp such as 2025-06-03T09:15:00+08:00 (without an offset it is Beijing time)' },
      ]);
    });
  });

  describe('CSV cells', () => {
    const { csvSchema, columns } = FACT_TYPES['handling-records'];
    const cells = () => toCells(handling(), columns);
    it('reads the booleans true/false/1/0/是/否/Y/N in any case', () => {
      for (const [cell, value] of [['true', true], ['FALSE', false], ['1', true], ['0', false], ['是', true], ['否', false], ['Y', true], ['n', false]] as const) {
        expect(csvSchema.parse({ ...cells(), full_online: cell }).full_online, cell).toBe(value);
      }
      expect(paths(csvSchema, { ...cells(), full_online: 'maybe' })).toEqual(['full_online']);
    });
    it('reads numbers, and refuses thousands separators and words', () => {
      expect(csvSchema.parse({ ...cells(), trips: ' 2 ' }).trips).toBe(2);
      expect(paths(csvSchema, { ...cells(), materials_required: '1,234' })).toEqual(['materials_required']);
      expect(issuesOf(csvSchema, { ...cells(), trips: '两次' })).toEqual([{ path: ['trips'], message: 'must be a whole number' }]);
    });
    it('treats an empty cell as absent: null for optional fields, "is required" otherwise', () => {
      const parsed = csvSchema.parse({ ...cells(), completed_at: '', result: '', app_id: '  ', source_id: '' });
      expect([parsed.completed_at, parsed.result, parsed.app_id, parsed.source_id]).toEqual([null, null, null, 'SC2025070300127']);
      expect(issuesOf(csvSchema, { ...cells(), org_unit: '' })).toEqual([{ path: ['org_unit'], message: 'is required' }]);
    });
    it('reads naive timestamps as +08:00 and reports unknown columns', () => {
      expect(csvSchema.parse({ ...cells(), submitted_at: '2025-07-03 09:12:40' }).submitted_at).toBe('2025-07-03T09:12:40+08:00');
      expect(paths(csvSchema, { ...cells(), 备注: '加急' })).toEqual(['备注']);
    });
    it('reads one operations row by its kind, ignoring the empty columns of the other kinds', () => {
      const ops = FACT_TYPES.operations;
      const row = toCells(example('operations')[2]!, ops.columns, ['是', '否']);
      expect(Object.keys(row)).toEqual(ops.columns);
      expect(ops.csvSchema.parse(row)).toMatchObject({ kind: 'ops_incident', level: 1, core_service: true, security: false, started_at: '2025-08-20T15:05:00+08:00' });
      expect(paths(ops.csvSchema, { ...row, day: '2025-08-20' })).toEqual(['day']);
    });
    it('reads evidence as a JSON list', () => {
      const m = FACT_TYPES['manual-submissions'];
      const row = toCells(example('manual-submissions')[1]!, m.columns);
      expect(m.csvSchema.parse(row)).toMatchObject({ evidence: [{ name: '政务外网接入台账.pdf' }] });
      expect(paths(m.csvSchema, { ...row, evidence: '台账.pdf' })).toEqual(['evidence']);
    });
  });

  it('gives each period its dates', () => {
    expect(periodBounds('2025-Q3')).toEqual({ start: '2025-07-01', end: '2025-10-01' });
    expect(periodBounds('2025-Q4')).toEqual({ start: '2025-10-01', end: '2026-01-01' });
    expect(periodBounds('2025-12')).toEqual({ start: '2025-12-01', end: '2026-01-01' });
    expect(periodBounds('2025')).toEqual({ start: '2025-01-01', end: '2026-01-01' });
    expect(periodBounds('2025-Q0')).toBeNull();
  });

  it('knows exactly the manual form items of docs/metrics.md', () => {
    const metrics = readFileSync(join(root, 'docs/metrics.md'), 'utf8');
    const documented = [...new Set([...metrics.matchAll(/`manual\.([a-z0-9_]+)`/g)].map((m) => m[1]))].sort();
    expect(Object.keys(MANUAL_FORM_ITEMS).sort()).toEqual(documented);
  });
});

describe('personal data', () => {
  const feedback = () => ({ ...example('feedback')[0]! });
  const schema = FACT_TYPES.feedback.schema;

  it('accepts contact details in the usual forms, all optional', () => {
    for (const phone of ['13812345678', '+86 138-1234-5678', '008613812345678', '0571-87654321', '(010)65123456', '0571 87654321-803', '0755-2345678转12']) {
      expect(schema.safeParse({ ...feedback(), contact_phone: phone }).success, phone).toBe(true);
    }
    expect(schema.parse({ ...feedback(), contact_id_number: ' 11010519491231002x ' }).contact_id_number).toBe('11010519491231002X');
    const { contact_name: _n, contact_phone: _p, contact_id_number: _i, ...anonymous } = feedback();
    expect(schema.parse(anonymous)).toMatchObject({ contact_name: null, contact_phone: null, contact_id_number: null });
  });

  it('refuses a wrong phone number or ID number naming the field and the reason, never the value', () => {
    for (const phone of ['12345', '1381234567', '23812345678', '87654321', 'tel:13812345678']) {
      expect(issuesOf(schema, { ...feedback(), contact_phone: phone })).toEqual([
        { path: ['contact_phone'], message: 'must be a mainland mobile number (11 digits, e.g. 13812345678) or a landline with its area code (e.g. 0571-87654321)' },
      ]);
    }
    const id = (value: string) => issuesOf(schema, { ...feedback(), contact_id_number: value });
    expect(id('110105194912310021')).toEqual([{ path: ['contact_id_number'], message: 'has a wrong check character (GB 11643): a digit was mistyped' }]);
    expect(id('110105194902300025')[0]!.message).toMatch(/^must be a resident ID number \(居民身份证号码\) whose characters 7–14 are a real birth date YYYYMMDD$/);
    for (const bad of ['11010519491231002', '110105491231002', '11010519491231002Y']) expect(id(bad)[0]!.message).toMatch(/^must be an 18-character resident ID number/);
    expect(JSON.stringify(id('110105194912310021'))).not.toContain('1101051949');
    expect(paths(schema, { ...feedback(), contact_name: '  ' })).toEqual(['contact_name']);
  });

  it('computes the GB 11643 check character (the example of the standard itself)', () => {
    expect(idNumberCheckCharacter('11010519491231002')).toBe('X');
  });

  it('declares only fields of its types as personal, free text or pseudonymous', () => {
    for (const [type, fields] of Object.entries(PERSONAL_DATA)) {
      const columns = FACT_TYPES[type as FactTypeName].columns;
      for (const field of [...Object.keys(fields.personal), ...fields.freeText, ...fields.pseudonymous]) expect(columns, `${type}.${field}`).toContain(field);
    }
    expect(personalDataOf('feedback').personal).toEqual({ contact_name: 'name', contact_phone: 'phone', contact_id_number: 'id_number' });
    expect(personalDataOf('org-units')).toEqual({ personal: {}, freeText: [], pseudonymous: [] });
  });
});

describe('docs/data-model.md', () => {
  const doc = readFileSync(join(root, 'docs/data-model.md'), 'utf8');
  const sections = doc.split(/^### /m);

  /** field → its table row in the type's section of §3. */
  function documentedRows(type: FactTypeName): Map<string, string> {
    const section = sections.find((s) => s.split('\n')[0]!.includes(`\`${type}\``))?.split(/^## /m)[0];
    if (!section) throw new Error(`no section for ${type}`);
    const rows = new Map<string, string>();
    for (const line of section.split('\n')) {
      const m = /^\| `([a-z_]+)` \|/.exec(line);
      if (m) rows.set(m[1]!, line);
    }
    return rows;
  }

  /** Enum fields of a type's record schema and their values. */
  function enums(type: FactTypeName): Map<string, string[]> {
    const out = new Map<string, string[]>();
    const schema = (FACT_TYPES[type].schema as unknown as { _zod: { def: { in: z.ZodType } } })._zod.def.in;
    const objects = schema instanceof z.ZodDiscriminatedUnion ? (schema as unknown as { options: z.ZodObject[] }).options : [schema as unknown as z.ZodObject];
    for (const object of objects) {
      for (const [key, field] of Object.entries(object.shape)) {
        let def = (field as z.ZodType)._zod.def as { type: string; innerType?: z.ZodType; entries?: Record<string, string> };
        while (def.innerType) def = def.innerType._zod.def as typeof def;
        if (def.type === 'enum' && def.entries) out.set(key, [...new Set([...(out.get(key) ?? []), ...Object.values(def.entries)])]);
      }
    }
    return out;
  }

  it.each(FACT_TYPE_NAMES)('documents exactly the fields of %s, with every enum value', (type) => {
    const rows = documentedRows(type);
    expect([...rows.keys()].sort()).toEqual([...FACT_TYPES[type].columns].sort());
    for (const [field, values] of enums(type)) {
      if (field === 'form_item') continue; // listed in metrics.md
      for (const value of values) expect(rows.get(field), `${type}.${field} = ${value}`).toContain(`\`${value}\``);
    }
  });
});

it('takes a number a spreadsheet reader gives for a text column as its text', () => {
  const parsed = FACT_TYPES['org-units'].csvSchema.parse({ code: 330102, name: '上城区', level: 'county', parent_code: 330100 });
  expect(parsed).toEqual({ source_id: '330102', code: '330102', name: '上城区', level: 'county', parent_code: '330100' });
});
