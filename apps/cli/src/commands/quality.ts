// govperf quality report | check, and govperf rejected: the data operator's view of what came in.
import { operator } from '../io/operator';
import { CliError } from '../errors';
import { withServices } from '../io/services';
import { render, type OutputFormat } from '../io/output';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export async function qualityReportCommand(options: { from?: string; to?: string; source?: string; format: OutputFormat }): Promise<string> {
  for (const [name, value] of [['--from', options.from], ['--to', options.to]] as const) if (value && !DAY.test(value)) throw new CliError(`${name}: a date is YYYY-MM-DD`);
  return withServices(async (services) => {
    const report = await services.quality.report(operator, options);
    return render(report, options.format, () => ({
      head: ['day 日期', 'source 来源', 'table 数据', 'received 接收', 'accepted 合格', 'failed checks 未通过', 'flagged 待核', 'late 迟到', 'refused 拒收'],
      rows: report.days.map((d) => [d.day, d.source, d.factTable, d.received, d.accepted, d.qualityRejected, d.flagged, d.lateSync, d.rejectedRecords]),
      notes: report.freshness.filter((f) => f.stale).map((f) => `stale 断更: ${f.source} → ${f.factTable}, last record 最近 ${f.lastIngestedAt}`),
    }));
  });
}

export async function qualityCheckCommand(options: { date?: string; format: OutputFormat }): Promise<string> {
  const day = options.date ?? new Date(Date.now() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
  if (!DAY.test(day)) throw new CliError('--date: a date is YYYY-MM-DD');
  return withServices(async (services) => {
    const outcome = await services.quality.runDailyChecks(operator, day);
    return render({ day, ...outcome }, options.format, () => ({ head: ['check 检查', 'flagged 标记'], rows: [['concentrated ratings 刷分', outcome.concentratedRatings]], notes: [`day 日期: ${day}`] }));
  });
}

export async function rejectedCommand(options: { type?: string; batch?: string; source?: string; limit: string; format: OutputFormat }): Promise<string> {
  const limit = Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new CliError('--limit: a whole number from 1 to 10000');
  return withServices(async (services) => {
    const records = await services.quality.rejected(operator, { factType: options.type, batchId: options.batch, source: options.source, limit });
    return render({ records }, options.format, () => ({
      head: ['received 时间', 'type 类型', 'source 来源', 'source id', 'problems 原因'],
      rows: records.map((r) => [r.receivedAt, r.factType, r.source, r.sourceId, (r.errors as { field: string; reason: string }[]).map((e) => `${e.field}: ${e.reason}`).join('; ')]),
    }));
  });
}
