// Refused records of the demo province: handling records a source system sent with a required field
// missing, which ingestion refused and kept in rejected_records (field and reason) — what data
// completeness (C1.01: required fields filled / required fields over every arriving record) measures.
// A stored record has all its required fields, so without these every unit would be at 100 %.
// Deterministic: about 0–0.8 % of each county's handling records, the rate depending on the unit,
// each a copy of a stored record (its unit, arrival and batch) under a new record_id.
import { sql, type Kysely } from 'kysely';
import type { DB } from '@govperf/storage';

/** Writes the refused copies in one statement; returns how many. */
export async function loadRefusedRecords(db: Kysely<DB>, batchId: string): Promise<number> {
  const result = await sql`
    insert into rejected_records (batch_id, fact_type, source, source_id, record_index, payload, errors, received_at)
    select ${batchId}, 'handling-records', h.source, h.source_id || '-r', (row_number() over (order by h.id))::int - 1,
      jsonb_strip_nulls(jsonb_build_object(
        'record_id', h.record_id || '-r', 'item_code', h.item_code, 'org_unit', h.org_unit, 'department', h.department,
        'channel', case when m.k <> 0 then h.channel end, 'item_type', h.item_type, 'high_frequency', h.high_frequency,
        'submitted_at', h.submitted_at, 'full_online', h.full_online,
        'materials_required', case when m.k <> 1 then h.materials_required end,
        'materials_submitted', case when m.k <> 1 then h.materials_submitted end,
        'materials_reused', h.materials_reused, 'materials_cross_region', h.materials_cross_region,
        'materials_cross_region_recognised', h.materials_cross_region_recognised, 'trips', h.trips,
        'supplement_requests', h.supplement_requests, 'cross_department_required', h.cross_department_required,
        'cross_department', h.cross_department, 'applicant_out_of_region', h.applicant_out_of_region, 'cross_region', h.cross_region,
        'instant_approval', h.instant_approval, 'applicant_type', case when m.k <> 2 then h.applicant_type end)),
      case m.k
        when 0 then '[{"field":"channel","reason":"is required"}]'::jsonb
        when 1 then '[{"field":"materials_required","reason":"is required"},{"field":"materials_submitted","reason":"is required"}]'::jsonb
        else '[{"field":"applicant_type","reason":"is required"}]'::jsonb
      end,
      h.ingested_at
    from handling_records h
    cross join lateral (select abs(hashtext(h.source_id)) % 3 as k) m
    where abs(hashtext(h.source_id || '/refused')) % 1000 < abs(hashtext(h.org_unit)) % 9`.execute(db);
  const n = Number(result.numAffectedRows ?? 0);
  await db.updateTable('ingestion_batches').set({ rejected: n }).where('id', '=', batchId).execute();
  return n;
}
