// Master data: the app catalogue (应用). app_id is the identity; `source_id` defaults to it.
import { z } from 'zod';
import { SourceId, factType, strictFields } from './define';
import { FactDate, Identifier, Label, OrgUnitCode, oneOf, orNull } from './fields';

export const APP_KINDS = ['app', 'mini_program', 'web', 'kiosk'] as const;

/** The app catalogue: `ops.apps` counts apps in service on at least one day of the period. */
export const AppRecordSchema = z.strictObject(
  {
    source_id: SourceId.optional(),
    app_id: Identifier,
    name: Label,
    /** The owner unit. */
    org_unit: OrgUnitCode,
    kind: oneOf(APP_KINDS).default('app'),
    /** Null: in service since before any period evaluated. */
    in_service_from: orNull(FactDate),
    /** Last day in service; null while in service. */
    in_service_to: orNull(FactDate),
  },
  strictFields,
);

export const APPS = factType(AppRecordSchema, {
  label: { zh: '应用', en: 'Apps' },
  sourceIdField: 'app_id',
});
export type AppRecord = z.output<typeof APPS.schema>;
