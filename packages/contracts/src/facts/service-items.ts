// 事项目录 snapshot: one record per service item implemented by an org unit on `snapshot_date`
// (docs/metrics.md §2 items). A snapshot is the unit's whole catalogue on that date; the
// `items.*` metrics read, per unit, the latest snapshot taken at or before period_end.
import { z } from 'zod';
import { SourceId, factType, strictFields } from './define';
import { Count, FactDate, FactItemType, Flag, Identifier, Label, OrgUnitCode, orNull } from './fields';

export const ServiceItemSnapshotSchema = z.strictObject(
  {
    source_id: SourceId.optional(),
    item_code: Identifier,
    /** The item's name in the catalogue, e.g. 个体工商户设立登记. */
    item_name: Label,
    /** The implementing unit. */
    org_unit: OrgUnitCode,
    department: Identifier,
    snapshot_date: FactDate,
    in_service: Flag,
    item_type: FactItemType,
    high_frequency: Flag,
    online_capable: Flag,
    full_online: Flag,
    app_available: Flag,
    zero_material: Flag,
    instant_approval_enabled: Flag,
    statutory_limit_days: orNull(Count),
    promised_limit_days: orNull(Count),
    /** 环节 in the published process: 受理、审查、决定… */
    approval_steps: Count,
    elder_mode: Flag,
    accessible: Flag,
    kiosk_available: Flag,
    min_necessary_compliant: Flag,
    rating_enabled: Flag,
    xprov_listed: Flag,
    xprov_enabled: Flag,
    inprov_listed: Flag,
    inprov_enabled: Flag,
    standardised: Flag,
    guide_published: Flag,
    guide_complete: Flag,
  },
  strictFields,
);

export const SERVICE_ITEMS = factType(ServiceItemSnapshotSchema, {
  label: { zh: '事项目录', en: 'Service-item catalogue' },
  sourceIdOf: (item) => `${item.org_unit}:${item.item_code}:${item.snapshot_date}`,
});
export type ServiceItemSnapshot = z.output<typeof SERVICE_ITEMS.schema>;
