// Database mode of `govperf evaluate`: metrics computed in SQL from stored facts, the run stored
// immutably (and published with --publish); and `govperf systems register`.
import { readFile } from 'node:fs/promises';
import { parseIndicatorSystemText } from '@govperf/contracts';
import type { OrgLevel } from '@govperf/storage';
import { CliError } from '../errors';
import { operator } from '../io/operator';
import { render, type OutputFormat } from '../io/output';
import { assertReadable } from '../io/read-csv';
import { withServices } from '../io/services';
import { rankingTable } from './evaluate';

const LEVELS: readonly OrgLevel[] = ['country', 'province', 'city', 'county', 'township'];

export async function evaluateStoredCommand(options: { system: string; period?: string; scope?: string; levels?: string; publish?: boolean; format: OutputFormat }): Promise<string> {
  if (!options.period) throw new CliError('--period: needed when evaluating from the database (e.g. 2025-06, 2025-Q3, 2025)');
  const levels = options.levels?.split(',').map((l) => l.trim()).filter(Boolean);
  for (const l of levels ?? []) if (!LEVELS.includes(l as OrgLevel)) throw new CliError(`--levels: unknown level "${l}" (use ${LEVELS.join(', ')})`);
  return withServices(async (services, database) => {
    const root = options.scope ?? (await database.db.selectFrom('org_units').select('code').where('parent_code', 'is', null).orderBy('code').executeTakeFirst())?.code;
    if (!root) throw new CliError('the database has no org units yet: import them first (govperf import org-units FILE)');
    const { runId, result } = await services.evaluations.run(operator, { systemCode: options.system, period: options.period!, scope: root, levels: levels as OrgLevel[] | undefined });
    const published = options.publish ? await services.evaluations.publish(operator, runId) : undefined;
    const json = { runId, publishedAt: published?.publishedAt ?? null, ...result };
    return render(json, options.format, () => {
      const table = rankingTable(result);
      return { ...table, notes: [`run ${runId}${published ? ' (published 已发布)' : ''}`, ...table.notes] };
    });
  });
}

export async function registerSystemCommand(file: string, options: { format: OutputFormat }): Promise<string> {
  await assertReadable(file);
  const parsed = parseIndicatorSystemText(await readFile(file, 'utf8'));
  if (!parsed.ok) throw new CliError(parsed.problems.map((p) => `${file}: ${p.where}: ${p.reason}`).join('\n'));
  return withServices(async (services) => {
    const stored = await services.systems.register(operator, parsed.system);
    return render(stored, options.format, () => ({ head: ['code', 'version', 'hash', 'outcome'], rows: [[stored.code, stored.version, stored.hash, stored.outcome]] }));
  });
}
