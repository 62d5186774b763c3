// Database mode of `govperf evaluate`: metrics computed in SQL from stored facts, the run stored
// immutably (and published with --publish); and `govperf systems register`.
import { readFile } from 'node:fs/promises';
import { AppError, parseIndicatorSystemText } from '@govperf/contracts';
import { createServices, defaultMetricCatalogue } from '@govperf/services';
import type { OrgLevel } from '@govperf/storage';
import { CliError } from '../errors';
import { withReadyDatabase } from '../io/database';
import { render, type OutputFormat } from '../io/output';
import { assertReadable } from '../io/read-csv';
import { rankingTable } from './evaluate';

const LEVELS: readonly OrgLevel[] = ['country', 'province', 'city', 'county', 'township'];

function appError(error: unknown): never {
  if (error instanceof AppError) {
    const details = Array.isArray(error.details) ? error.details.map((d) => `${d.path.join('.')}: ${d.message}`).join('; ') : '';
    throw new CliError(`${error.message}${details ? ` (${details})` : ''}`);
  }
  throw error;
}

export async function evaluateStoredCommand(options: { system: string; period?: string; scope?: string; levels?: string; publish?: boolean; format: OutputFormat }): Promise<string> {
  if (!options.period) throw new CliError('--period: needed when evaluating from the database (e.g. 2025-06, 2025-Q3, 2025)');
  const levels = options.levels?.split(',').map((l) => l.trim()).filter(Boolean);
  for (const l of levels ?? []) if (!LEVELS.includes(l as OrgLevel)) throw new CliError(`--levels: unknown level "${l}" (use ${LEVELS.join(', ')})`);
  return withReadyDatabase(async (database) => {
    const services = createServices(database, defaultMetricCatalogue());
    const root = options.scope ?? (await database.db.selectFrom('org_units').select('code').where('parent_code', 'is', null).orderBy('code').executeTakeFirst())?.code;
    if (!root) throw new CliError('the database has no org units yet: import them first (govperf import org-units FILE)');
    try {
      const { runId, result } = await services.evaluations.run({ systemCode: options.system, period: options.period!, scope: root, levels: levels as OrgLevel[] | undefined });
      const published = options.publish ? await services.evaluations.publish(runId, '*') : undefined;
      const json = { runId, publishedAt: published?.publishedAt ?? null, ...result };
      return render(json, options.format, () => {
        const table = rankingTable(result);
        return { ...table, notes: [`run ${runId}${published ? ' (published 已发布)' : ''}`, ...table.notes] };
      });
    } catch (error) {
      appError(error);
    }
  });
}

export async function registerSystemCommand(file: string, options: { format: OutputFormat }): Promise<string> {
  await assertReadable(file);
  const parsed = parseIndicatorSystemText(await readFile(file, 'utf8'));
  if (!parsed.ok) throw new CliError(parsed.problems.map((p) => `${file}: ${p.where}: ${p.reason}`).join('\n'));
  return withReadyDatabase(async (database) => {
    try {
      const stored = await createServices(database, defaultMetricCatalogue()).systems.register(parsed.system);
      return render(stored, options.format, () => ({ head: ['code', 'version', 'hash', 'outcome'], rows: [[stored.code, stored.version, stored.hash, stored.outcome]] }));
    } catch (error) {
      appError(error);
    }
  });
}
