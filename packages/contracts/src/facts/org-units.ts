// Master data: org units (行政区划, GB/T 2260). The code is the identity: a record with a known
// code updates the unit. `source_id` defaults to the code.
import { z } from 'zod';
import { SourceId, factType, strictFields } from './define';
import { Label, OrgUnitCode, oneOf, orNull } from './fields';

export const ORG_LEVELS = ['country', 'province', 'city', 'county', 'township'] as const;

export const OrgUnitRecordSchema = z.strictObject(
  {
    source_id: SourceId.optional(),
    code: OrgUnitCode,
    name: Label,
    level: oneOf(ORG_LEVELS),
    /** Null for the root; the parent may arrive later in the same batch. */
    parent_code: orNull(OrgUnitCode),
  },
  strictFields,
);

export const ORG_UNITS = factType(OrgUnitRecordSchema, {
  label: { zh: '行政区划', en: 'Org units' },
  sourceIdField: 'code',
});
export type OrgUnitRecord = z.output<typeof ORG_UNITS.schema>;

