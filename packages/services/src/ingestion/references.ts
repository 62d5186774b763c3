// Checks that the org units and service items a record names exist, and that the units it is
// attributed to lie in the caller's subtree. Looks codes up once per chunk, not per record.
import type { DB } from '@govperf/storage';
import type { Kysely } from 'kysely';

/** Unit fields that attribute a record: they must lie in the caller's subtree. */
const SCOPED_UNIT_FIELDS = ['org_unit', 'app_org_unit', 'provider_org_unit'];
/** Unit fields that only have to exist (the other party of a data-sharing call). */
const OTHER_UNIT_FIELDS = ['consumer_org_unit'];

export class ReferenceChecker {
  private readonly inScope = new Map<string, boolean>();
  private readonly units = new Set<string>();
  private readonly items = new Map<string, boolean>();
  /** Org units arriving in the current chunk (code → parent), so a new tree can come in one batch. */
  private readonly batchParents = new Map<string, string | null>();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly scope: string,
  ) {}

  async load(records: readonly Record<string, unknown>[]): Promise<void> {
    const units = new Set<string>();
    const items = new Set<string>();
    this.batchParents.clear();
    for (const r of records) {
      if (typeof r.code === 'string' && 'level' in r) this.batchParents.set(r.code, typeof r.parent_code === 'string' ? r.parent_code : null);
      for (const f of [...SCOPED_UNIT_FIELDS, ...OTHER_UNIT_FIELDS, 'parent_code']) if (typeof r[f] === 'string') units.add(r[f]);
      if (typeof r.item_code === 'string') items.add(r.item_code);
    }
    const newUnits = [...units].filter((u) => !this.inScope.has(u));
    if (newUnits.length) {
      const found = await this.db
        .selectFrom('org_units as u')
        .leftJoin('org_unit_closure as c', (j) => j.onRef('c.descendant_code', '=', 'u.code').on('c.ancestor_code', '=', this.scope))
        .select(['u.code', 'c.ancestor_code'])
        .where('u.code', 'in', newUnits)
        .execute();
      for (const u of newUnits) this.inScope.set(u, false);
      for (const row of found) {
        this.units.add(row.code);
        // '*' is the operator's own CLI on the server: every existing unit is in reach.
        this.inScope.set(row.code, this.scope === '*' || row.ancestor_code !== null);
      }
    }
    const newItems = [...items].filter((i) => !this.items.has(i));
    if (newItems.length) {
      const [defined, catalogued] = await Promise.all([
        this.db.selectFrom('service_items').select('code').where('code', 'in', newItems).execute(),
        this.db.selectFrom('service_item_snapshots').select('item_code').distinct().where('item_code', 'in', newItems).execute(),
      ]);
      for (const i of newItems) this.items.set(i, false);
      for (const row of defined) this.items.set(row.code, true);
      for (const row of catalogued) this.items.set(row.item_code, true);
    }
  }

  problems(type: string, record: Readonly<Record<string, unknown>>): { field: string; reason: string }[] {
    const out: { field: string; reason: string }[] = [];
    const unit = (field: string, scoped: boolean) => {
      const code = record[field];
      if (typeof code !== 'string') return;
      if (!this.units.has(code)) out.push({ field, reason: `unknown org unit code ${code} (load the org units first)` });
      else if (scoped && !this.inScope.get(code)) out.push({ field, reason: `org unit ${code} is outside the caller's area ${this.scope}` });
    };
    if (type === 'org-units') {
      // In scope when the chain of parents (through this batch and the stored tree) reaches the
      // caller's area, or the unit is that area itself.
      let code = record.code as string;
      for (let hops = 0; hops < 10; hops++) {
        if (code === this.scope || this.scope === '*' || this.inScope.get(code)) return out;
        const parent = this.batchParents.has(code) ? this.batchParents.get(code) : undefined;
        if (parent === undefined || parent === null) break;
        code = parent;
      }
      const parent = record.parent_code;
      if (typeof parent !== 'string') out.push({ field: 'parent_code', reason: `a unit other than ${this.scope} needs a parent inside the caller's area` });
      else if (!this.units.has(parent) && !this.batchParents.has(parent)) out.push({ field: 'parent_code', reason: `unknown org unit code ${parent} (load the org units first)` });
      else out.push({ field: 'parent_code', reason: `org unit ${parent} is outside the caller's area ${this.scope}` });
      return out;
    }
    for (const f of SCOPED_UNIT_FIELDS) unit(f, true);
    for (const f of OTHER_UNIT_FIELDS) unit(f, false);
    // Catalogue snapshots define which items a unit offers; every other record must name a known item.
    if (type !== 'service-items' && typeof record.item_code === 'string' && !this.items.get(record.item_code)) {
      out.push({ field: 'item_code', reason: `unknown service item ${record.item_code}` });
    }
    return out;
  }
}
