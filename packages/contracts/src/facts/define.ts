// One definition per ingestion type: the JSON record schema is written once; the CSV variant,
// the column order and the idempotency key are derived from it.
import { z } from 'zod';
import type { LocalizedText } from '../indicator-system';
import { FAIL, FALSE, fastCheckOf, NUMBER, TRUE, type CellCheck } from './cells';
import { Identifier } from './fields';

/** The idempotency key: the source system's own id; unique together with the batch's `source`. */
export const SourceId = Identifier;

/** Error option for `z.strictObject`: names the unknown fields. */
export const strictFields = {
  error: (issue: { code?: string; keys?: string[] }) =>
    issue.code === 'unrecognized_keys' && issue.keys ? `unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}` : undefined,
};

/** A record with `source_id` always set (taken from the natural id when the input leaves it out). */
export type WithSourceId<T> = T extends unknown ? Omit<T, 'source_id'> & { source_id: string } : never;

/** One ingestion type: `POST /api/ingest/{type}` and `govperf import TYPE FILE`. */
export interface FactTypeDefinition<Out = unknown> {
  label: LocalizedText;
  /** One record as JSON. */
  schema: z.ZodType<Out, unknown>;
  /** One CSV/XLSX row: every cell a string; "" is absent. Same fields, same rules, same output. */
  csvSchema: z.ZodType<Out, unknown>;
  /**
   * `csvSchema.safeParse`, with a fast path for rows whose cells are all already in the form their
   * field accepts (the same output without zod); every other row, and every refusal, goes
   * through csvSchema itself.
   */
  parseCsv(row: unknown): z.ZodSafeParseResult<Out>;
  /**
   * `schema.safeParse`, with the same kind of fast path for JSON records whose every value already
   * has the type and form its field accepts; every other record, and every refusal, goes through
   * the schema itself.
   */
  parseJson(record: unknown): z.ZodSafeParseResult<Out>;
  /** CSV header, in order. */
  columns: readonly string[];
  /** The field `source_id` defaults to when a record leaves it out, if the type has a natural id. */
  sourceIdField?: string;
}

type RecordObject = z.ZodObject;
type RecordSchema = RecordObject | z.ZodDiscriminatedUnion<RecordObject[]>;

interface FactTypeOptions<O> {
  label: LocalizedText;
  sourceIdField?: string;
  /** A natural key when there is no single id field (e.g. app + day); used when source_id is absent. */
  sourceIdOf?: (record: O) => string;
}

function objectsOf(schema: RecordSchema): RecordObject[] {
  return schema instanceof z.ZodDiscriminatedUnion ? (schema.options as RecordObject[]) : [schema as RecordObject];
}

/** Builds the registry entry of a type from its JSON record schema. */
export function factType<S extends RecordSchema>(record: S, options: FactTypeOptions<z.output<S>>): FactTypeDefinition<WithSourceId<z.output<S>>> {
  const { sourceIdField, sourceIdOf } = options;
  const typed = record as unknown as z.ZodType<z.output<S>, unknown>;
  /** The record's source_id: given, else its natural id; undefined when it has none. */
  const sourceIdOfRecord = (value: Record<string, unknown>): string | undefined => {
    let id = value.source_id;
    if (id === undefined && sourceIdField !== undefined) id = value[sourceIdField];
    if (id === undefined && sourceIdOf !== undefined) id = sourceIdOf(value as z.output<S>);
    return typeof id === 'string' && id.length > 0 ? id : undefined;
  };
  const schema = typed.transform((value, ctx) => {
    const id = sourceIdOfRecord(value as Record<string, unknown>);
    if (id === undefined) {
      ctx.addIssue({ code: 'custom', path: ['source_id'], message: 'is required', input: value });
      return z.NEVER;
    }
    const { source_id: _given, ...fields } = value as Record<string, unknown>;
    return { source_id: id, ...fields } as WithSourceId<z.output<S>>;
  });
  const kinds = cellKindsOf(record);
  const csvSchema = z.preprocess((row) => csvRowToRecord(row, kinds), schema);
  const fast = fastFieldsOf(record);
  type Fast = { fields: FastField[]; byKey: Map<string, FastField> };
  /** A fast conversion where it decides, else the schema (which writes every refusal). */
  const fastThen =
    (convert: (input: unknown, fast: Fast) => Record<string, unknown> | typeof FAIL, general: z.ZodType<WithSourceId<z.output<S>>, unknown>) =>
    (input: unknown): z.ZodSafeParseResult<WithSourceId<z.output<S>>> => {
      const value = fast === null ? FAIL : convert(input, fast);
      if (value !== FAIL) {
        const id = sourceIdOfRecord(value);
        if (id !== undefined) return { success: true, data: { ...value, source_id: id } as WithSourceId<z.output<S>> };
      }
      return general.safeParse(input);
    };
  const parseCsv = fastThen(fastRow, csvSchema);
  const parseJson = fastThen(fastJsonRecord, schema);
  const columns: string[] = [];
  for (const object of objectsOf(record)) for (const key of Object.keys(object.shape)) if (!columns.includes(key)) columns.push(key);
  return { label: options.label, schema, csvSchema, parseCsv, parseJson, columns, ...(sourceIdField === undefined ? {} : { sourceIdField }) };
}

// ---------------------------------------------------------------------------------------------
// The CSV fast path (cells.ts): fields whose schema has a registered check, in shape order
// ---------------------------------------------------------------------------------------------

interface FastField {
  key: string;
  check: CellCheck;
  /** A blank or missing cell: refused (zod reports it), left out (optional), or null (orNull). */
  absent: 'required' | 'omit' | 'null';
  /** The JSON type the field takes (its CSV cell is converted to it). */
  kind: CellKind;
}

/** The fast fields of a plain strict object whose every field has a check; null otherwise. */
function fastFieldsOf(record: RecordSchema): { fields: FastField[]; byKey: Map<string, FastField> } | null {
  if (record instanceof z.ZodDiscriminatedUnion || !(record instanceof z.ZodObject)) return null;
  const def = record._zod.def;
  // Only z.strictObject without object-level refinements.
  if (def.catchall?._zod.def.type !== 'never' || (def.checks?.length ?? 0) > 0) return null;
  const fields: FastField[] = [];
  for (const [key, field] of Object.entries(record.shape)) {
    let inner = field as z.core.$ZodType;
    let absent: FastField['absent'] = 'required';
    const outer = inner._zod.def as z.core.$ZodTypeDef & { innerType?: z.core.$ZodType; defaultValue?: unknown };
    if (outer.type === 'optional' && outer.innerType) {
      absent = 'omit';
      inner = outer.innerType;
    } else if (outer.type === 'default' && outer.innerType?._zod.def.type === 'nullable' && outer.defaultValue === null) {
      absent = 'null';
      inner = (outer.innerType._zod.def as z.core.$ZodNullableDef).innerType;
    }
    const check = fastCheckOf(inner);
    if (check === undefined) return null;
    fields.push({ key, check, absent, kind: cellKind(inner) });
  }
  return { fields, byKey: new Map(fields.map((f) => [f.key, f])) };
}

/** The record of a CSV row by the fields' checks, or FAIL (the CSV schema decides). */
function fastRow(row: unknown, fast: { fields: FastField[]; byKey: Map<string, FastField> }): Record<string, unknown> | typeof FAIL {
  if (row === null || typeof row !== 'object' || Array.isArray(row) || Object.getPrototypeOf(row) !== Object.prototype) return FAIL;
  const cells = row as Record<string, unknown>;
  for (const key in cells) {
    if (fast.byKey.has(key)) continue;
    // An unknown column: blank it is dropped like any blank cell, otherwise zod refuses it.
    const cell = cells[key];
    if (typeof cell !== 'string' || cell.trim() !== '') return FAIL;
  }
  const out: Record<string, unknown> = {};
  for (const field of fast.fields) {
    const cell = Object.hasOwn(cells, field.key) ? cells[field.key] : undefined;
    if (cell !== undefined && typeof cell !== 'string') return FAIL;
    const text = cell === undefined ? '' : cell.trim();
    if (text === '') {
      if (field.absent === 'required') return FAIL;
      if (field.absent === 'null') out[field.key] = null;
      continue;
    }
    const value = field.check(cell!, text);
    if (value === FAIL) return FAIL;
    out[field.key] = value;
  }
  return out;
}

/**
 * The record of a JSON object by the same checks, or FAIL (the schema decides). A value must have
 * its field's JSON type already (a number given as text is the schema's to refuse); text gets the
 * check a cell gets, a number the check of its shortest decimal form (which reads back as the same
 * number), a boolean is itself. Absent is a missing key here; null only where the field is orNull.
 */
function fastJsonRecord(input: unknown, fast: { fields: FastField[]; byKey: Map<string, FastField> }): Record<string, unknown> | typeof FAIL {
  if (input === null || typeof input !== 'object' || Array.isArray(input) || Object.getPrototypeOf(input) !== Object.prototype) return FAIL;
  const record = input as Record<string, unknown>;
  for (const key in record) if (!fast.byKey.has(key)) return FAIL;
  const out: Record<string, unknown> = {};
  for (const field of fast.fields) {
    const value = Object.hasOwn(record, field.key) ? record[field.key] : undefined;
    if (value === undefined || value === null) {
      if (field.absent === 'null') out[field.key] = null;
      else if (field.absent === 'required' || value === null) return FAIL;
      continue;
    }
    let result: unknown;
    if (field.kind === 'text') {
      if (typeof value !== 'string') return FAIL;
      const text = value.trim();
      if (text === '') return FAIL;
      result = field.check(value, text);
    } else if (field.kind === 'number') {
      if (typeof value !== 'number' || Object.is(value, -0)) return FAIL;
      const text = String(value);
      result = field.check(text, text);
    } else if (field.kind === 'boolean') {
      if (typeof value !== 'boolean') return FAIL;
      result = value;
    } else return FAIL;
    if (result === FAIL) return FAIL;
    out[field.key] = result;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// CSV: cells are strings; the JSON schema decides what each becomes
// ---------------------------------------------------------------------------------------------

export type CellKind = 'text' | 'number' | 'boolean' | 'json';

/** What a CSV cell of this field is converted to before the JSON schema checks it. */
export function cellKind(field: z.core.$ZodType): CellKind {
  let def = field._zod.def as z.core.$ZodTypeDef & { innerType?: z.core.$ZodType; in?: z.core.$ZodType };
  for (;;) {
    if (def.innerType !== undefined && ['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'].includes(def.type)) {
      def = def.innerType._zod.def;
    } else if (def.type === 'pipe' && def.in !== undefined) {
      def = def.in._zod.def;
    } else break;
  }
  switch (def.type) {
    case 'number':
    case 'int':
    case 'bigint':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array':
    case 'object':
    case 'record':
    case 'tuple':
      return 'json';
    default:
      return 'text';
  }
}

/** Field → cell kind, over all variants of a discriminated union (their shared fields agree). */
export function cellKindsOf(record: RecordSchema): ReadonlyMap<string, CellKind> {
  const kinds = new Map<string, CellKind>();
  for (const object of objectsOf(record)) {
    for (const [key, field] of Object.entries(object.shape)) {
      const kind = cellKind(field as z.core.$ZodType);
      const seen = kinds.get(key);
      if (seen !== undefined && seen !== kind) throw new Error(`field ${key} is a ${seen} in one variant and a ${kind} in another`);
      kinds.set(key, kind);
    }
  }
  return kinds;
}

/**
 * Converts one CSV row (header → cell) to the JSON form: "" (or blanks) → absent, so optional
 * fields take their default (null, false) and required ones are reported missing; booleans
 * `true/false/1/0/是/否/Y/N` (any case); numbers with "." and no thousands separators; JSON
 * lists for list fields. A cell that does not convert stays a string, and the JSON schema then
 * reports the field with its expected type.
 */
export function csvRowToRecord(row: unknown, kinds: ReadonlyMap<string, CellKind>): unknown {
  if (row === null || typeof row !== 'object' || Array.isArray(row)) return row;
  const out: Record<string, unknown> = {};
  for (const [key, cell] of Object.entries(row as Record<string, unknown>)) {
    if (typeof cell !== 'string') {
      // A spreadsheet reader may hand over a number for an id column such as 330102.
      out[key] = typeof cell === 'number' && kinds.get(key) === 'text' ? String(cell) : cell;
      continue;
    }
    const text = cell.trim();
    if (text === '') continue;
    switch (kinds.get(key)) {
      case 'number':
        out[key] = NUMBER.test(text) ? Number(text) : cell;
        break;
      case 'boolean': {
        const lower = text.toLowerCase();
        out[key] = TRUE.has(lower) ? true : FALSE.has(lower) ? false : cell;
        break;
      }
      case 'json':
        try {
          out[key] = JSON.parse(text);
        } catch {
          out[key] = cell;
        }
        break;
      default:
        out[key] = cell;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Issues
// ---------------------------------------------------------------------------------------------

/** One problem with one record: the field (path from the record's root) and what is wrong. */
export interface FactIssue {
  path: (string | number)[];
  message: string;
}

/** The issues of a failed parse, one per field: unknown fields are reported each at its own path. */
export function factIssues(error: z.ZodError): FactIssue[] {
  const issues: FactIssue[] = [];
  for (const issue of error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ path: [...path, key], message: 'unknown field' });
    } else {
      issues.push({ path, message: issue.message });
    }
  }
  return issues;
}
