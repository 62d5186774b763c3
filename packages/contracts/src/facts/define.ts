// One definition per ingestion type: the JSON record schema is written once; the CSV variant,
// the column order and the idempotency key are derived from it.
import { z } from 'zod';
import type { LocalizedText } from '../indicator-system';
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
  const schema = typed.transform((value, ctx) => {
    const { source_id: given, ...fields } = value as Record<string, unknown>;
    let id = given;
    if (id === undefined && sourceIdField !== undefined) id = fields[sourceIdField];
    if (id === undefined && sourceIdOf !== undefined) id = sourceIdOf(value);
    if (typeof id !== 'string' || id.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['source_id'], message: 'is required', input: value });
      return z.NEVER;
    }
    return { source_id: id, ...fields } as WithSourceId<z.output<S>>;
  });
  const kinds = cellKindsOf(record);
  const csvSchema = z.preprocess((row) => csvRowToRecord(row, kinds), schema);
  const columns: string[] = [];
  for (const object of objectsOf(record)) for (const key of Object.keys(object.shape)) if (!columns.includes(key)) columns.push(key);
  return { label: options.label, schema, csvSchema, columns, ...(sourceIdField === undefined ? {} : { sourceIdField }) };
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

const TRUE = new Set(['true', '1', '是', 'y']);
const FALSE = new Set(['false', '0', '否', 'n']);
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

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
