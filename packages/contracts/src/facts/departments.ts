// Master data: departments (部门). The code is the identity; `source_id` defaults to it.
import { z } from 'zod';
import { SourceId, factType, strictFields } from './define';
import { Identifier, Label, OrgUnitCode } from './fields';

export const DepartmentRecordSchema = z.strictObject(
  {
    source_id: SourceId.optional(),
    code: Identifier,
    name: Label,
    org_unit: OrgUnitCode,
  },
  strictFields,
);

export const DEPARTMENTS = factType(DepartmentRecordSchema, {
  label: { zh: '部门', en: 'Departments' },
  sourceIdField: 'code',
});
export type DepartmentRecord = z.output<typeof DEPARTMENTS.schema>;

