// govperf lists | funding: result application (结果运用, docs/result-application.md) of a published
// run — the commendation and interview lists, and the budget linkage (以效定补): a funding pool
// divided across one peer group, written as an .xlsx workbook (or previewed without --out).
import { rename, rm, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { AppError, FUNDING_METHODS, type FundingRuleInput } from '@govperf/contracts';
import type { ResultListEntryView, RunFundingAllocation, RunResultLists, Services } from '@govperf/services';
import { CliError } from '../errors';
import { operator } from '../io/operator';
import { render } from '../io/output';
import { withServices } from '../io/services';

type ListFormat = 'table' | 'json';

function listFormat(value: string | undefined, fallback: ListFormat): ListFormat {
  const format = value ?? fallback;
  if (format !== 'table' && format !== 'json') throw new CliError(`--format: table or json, got "${format}"`);
  return format;
}

function runId(value: string | undefined): string {
  if (!value || !/^run_[0-9a-f-]{36}$/.test(value)) throw new CliError(`--run: an evaluation run id, run_<uuid>${value === undefined ? '' : ` (got "${value}")`}`);
  return value;
}

/** Which option a field of a service's validation error came from. */
const OPTION_OF: Record<string, string> = {
  peerGroup: '--group',
  pool: '--pool',
  rule: '--method',
  'rule.method': '--method',
  'rule.floor': '--floor',
  'rule.coefficients': '--coefficients',
  units: '--method',
  topShare: '--top-share',
  consecutivePeriods: '--periods',
  bottomShare: '--bottom-share',
  minPeerGroupSize: '--min-group',
};

/** A validation error of the services, re-worded with the option names; anything else unchanged. */
async function naming<T>(work: (services: Services) => Promise<T>): Promise<T> {
  return withServices(async (services) => {
    try {
      return await work(services);
    } catch (error) {
      if (error instanceof AppError && error.code === 'validation_failed' && Array.isArray(error.details) && error.details.length) {
        throw new CliError(
          error.details
            .map((d) => {
              const field = d.path.join('.');
              const option = OPTION_OF[field] ?? OPTION_OF[String(d.path[0])];
              return `${option ?? field}: ${d.message}`;
            })
            .join('\n'),
        );
      }
      throw error;
    }
  });
}

export interface ListsOptions {
  run?: string;
  format?: string;
  topShare?: string;
  periods?: string;
  bottomShare?: string;
  minGroup?: string;
}

function optionalNumber(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new CliError(`${option}: a number, got "${value}"`);
  return n;
}

/** 0.07 → 7, not 7.000000000000001. */
const pct = (share: number) => Number((share * 100).toFixed(4));

const placementText = (e: ResultListEntryView) => e.placements.map((p) => `${p.period} #${p.rank}/${p.groupSize}`).join(', ');

/** `govperf lists --run ID`: both lists, as a table (default) or JSON. */
export async function listsCommand(o: ListsOptions): Promise<string> {
  const id = runId(o.run);
  const format = listFormat(o.format, 'table');
  const config = Object.fromEntries(
    Object.entries({
      topShare: optionalNumber(o.topShare, '--top-share'),
      consecutivePeriods: optionalNumber(o.periods, '--periods'),
      bottomShare: optionalNumber(o.bottomShare, '--bottom-share'),
      minPeerGroupSize: optionalNumber(o.minGroup, '--min-group'),
    }).filter(([, v]) => v !== undefined),
  );
  const lists: RunResultLists = await naming((services) => services.application.lists(operator, id, config));
  return render(lists, format, () => ({
    head: ['名单 List', '同组 Peer group', '名次 Rank', '单位 Unit', '名称 Name', '得分 Score', '依据 Placements'],
    rows: [
      ...lists.commendation.map((e) => ['通报表扬 commendation', e.peerGroup, e.rank, e.unit, e.name, e.score, placementText(e)]),
      ...lists.interview.map((e) => ['约谈 interview', e.peerGroup, e.rank, e.unit, e.name, e.score, placementText(e)]),
    ],
    notes: [
      `run ${lists.run.id} · ${lists.run.system.code} ${lists.run.system.version} · ${lists.run.period} · scope ${lists.run.scope}`,
      `periods used 依据期间: ${lists.basis.map((b) => b.period).join(', ')} · top ${pct(lists.config.topShare)}% × ${lists.config.consecutivePeriods} periods, bottom ${pct(lists.config.bottomShare)}%`,
      ...(lists.commendation.length + lists.interview.length === 0 ? ['both lists are empty 两份名单均为空'] : []),
      ...(lists.note ? [`${lists.note.zh}`, `${lists.note.en}`] : []),
    ],
  }));
}

export interface FundingOptions {
  run?: string;
  group?: string;
  pool?: string;
  method?: string;
  floor?: string;
  coefficients?: string;
  out?: string;
  format?: string;
}

/** "1000000", "1,000,000" or "1_000_000" → 1000000; the range is checked by the services. */
function parsePool(value: string | undefined): number {
  if (value === undefined) throw new CliError('--pool: the funding pool in whole yuan, e.g. 1000000');
  const digits = value.replace(/[,_]/g, '');
  if (!/^\d+(\.\d+)?$/.test(digits)) throw new CliError(`--pool: whole yuan as digits, e.g. 1000000 (got "${value}")`);
  return Number(digits);
}

/** "excellent=1.2,good=1,fair=0.8,poor=0" → { excellent: 1.2, … }. */
export function parseCoefficients(value: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const pair of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([^=\s]+)\s*=\s*(.+)$/.exec(pair);
    const n = m ? Number(m[2]) : NaN;
    if (!m || !Number.isFinite(n)) throw new CliError(`--coefficients: GRADE=NUMBER pairs separated by commas, e.g. excellent=1.2,good=1,fair=0.8,poor=0 (got "${pair}")`);
    if (m[1]! in out) throw new CliError(`--coefficients: grade ${m[1]} is given twice`);
    out[m[1]!] = n;
  }
  if (Object.keys(out).length === 0) throw new CliError('--coefficients: give at least one GRADE=NUMBER pair, e.g. excellent=1.2,good=1,fair=0.8,poor=0');
  return out;
}

function fundingRule(o: FundingOptions): FundingRuleInput {
  const method = o.method;
  if (!method || !(FUNDING_METHODS as readonly string[]).includes(method)) throw new CliError(`--method: one of ${FUNDING_METHODS.join(', ')}${method === undefined ? '' : ` (got "${method}")`}`);
  if (method !== 'above-floor' && o.floor !== undefined) throw new CliError('--floor: only with --method above-floor');
  if (method !== 'grade-coefficients' && o.coefficients !== undefined) throw new CliError('--coefficients: only with --method grade-coefficients');
  if (method === 'above-floor') {
    if (o.floor === undefined) throw new CliError('--floor: needed with --method above-floor, the score the basis starts from (0–100)');
    const floor = optionalNumber(o.floor, '--floor')!;
    return { method, floor };
  }
  if (method === 'grade-coefficients') {
    if (o.coefficients === undefined) throw new CliError('--coefficients: needed with --method grade-coefficients, e.g. excellent=1.2,good=1,fair=0.8,poor=0');
    return { method, coefficients: parseCoefficients(o.coefficients) };
  }
  return { method: 'proportional' };
}

async function writeAtomically(file: string, data: Buffer): Promise<void> {
  const partial = `${file}.partial`;
  try {
    await writeFile(partial, data);
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw new CliError(`--out: cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

const yuan = (n: number) => n.toLocaleString('en-US');

function fundingTable(result: RunFundingAllocation, out: string | null) {
  const { allocation, run } = result;
  return {
    head: ['单位 Unit', '名称 Name', '得分 Score', '等次 Grade', '基数 Basis', '占比 Share', '金额（元）Amount (yuan)'],
    rows: [
      ...allocation.lines.map((l) => [l.unit, l.name, l.score, l.grade, l.basis, `${(l.share * 100).toFixed(4)}%`, yuan(l.amount)]),
      ['合计 Total', null, null, null, allocation.totalBasis, '100%', yuan(allocation.lines.reduce((s, l) => s + l.amount, 0))],
    ],
    notes: [
      `run ${run.id} · ${run.system.code} ${run.system.version} · ${run.period} · peer group ${allocation.peerGroup ?? '—'} · method ${allocation.rule.method} · pool ${yuan(allocation.pool)} yuan · ${allocation.leftover} yuan by largest remainder`,
      ...(out ? [`written 已写入 ${out}`] : []),
    ],
  };
}

/**
 * `govperf funding --run ID --group G --pool YUAN --method M [--floor N] [--coefficients …] [--out FILE.xlsx]`:
 * with --out, writes the workbook (audited as funding.export); without it, prints the allocation.
 */
export async function fundingCommand(o: FundingOptions): Promise<string> {
  const id = runId(o.run);
  if (!o.group) throw new CliError('--group: the peer group to allocate within, e.g. county');
  const pool = parsePool(o.pool);
  const rule = fundingRule(o);
  if (o.out !== undefined && extname(o.out).toLowerCase() !== '.xlsx') throw new CliError(`--out: the workbook is an .xlsx file, got "${o.out}"`);
  const format = listFormat(o.format, 'table');
  const plan = { peerGroup: o.group, pool, rule };
  if (o.out === undefined) {
    const result = await naming((services) => services.application.allocate(operator, id, plan));
    return render(result, format, () => fundingTable(result, null));
  }
  const out = o.out;
  const file = await naming((services) => services.application.fundingWorkbook(operator, id, plan));
  await writeAtomically(out, file.workbook);
  const { workbook: _bytes, ...result } = file;
  return render({ ...result, out }, format, () => fundingTable(result, out));
}
