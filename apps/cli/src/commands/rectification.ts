// govperf rectification list | show | supervise, and govperf appeals list: the ledger from the
// command line (问题台账, 重点督办, 申诉).
import { RECTIFICATION_STATUS_LABELS, RECTIFICATION_STATUSES } from '@govperf/contracts';
import { CliError } from '../errors';
import { operator } from '../io/operator';
import { render, type OutputFormat } from '../io/output';
import { withServices } from '../io/services';

const LEVEL = { 1: '1 专项整改', 2: '2 指标优化', 3: '3 用户评议' } as const;

export async function rectificationListCommand(options: { unit?: string; status?: string; level?: string; supervised?: boolean; format: OutputFormat }): Promise<string> {
  if (options.status && !(RECTIFICATION_STATUSES as readonly string[]).includes(options.status)) throw new CliError(`--status: one of ${RECTIFICATION_STATUSES.join(', ')}`);
  if (options.level && !/^[123]$/.test(options.level)) throw new CliError('--level: 1, 2 or 3');
  return withServices(async (services) => {
    const tasks = await services.rectification.list(operator, {
      ...(options.unit ? { unit: options.unit } : {}),
      ...(options.status ? { status: options.status } : {}),
      ...(options.level ? { level: Number(options.level) } : {}),
      ...(options.supervised ? { supervised: 'true' } : {}),
      limit: 1000,
    });
    return render({ tasks }, options.format, () => ({
      head: ['task 任务', 'unit 单位', 'level 级别', 'subject 事项', 'status 状态', 'due 截止', 'escalated to 上报至', 'last value 复测值'],
      rows: tasks.map((t) => [
        t.id,
        `${t.unitName} ${t.unit}`,
        LEVEL[t.level],
        t.indicator ?? t.itemCode ?? t.tag ?? '综合得分',
        `${RECTIFICATION_STATUS_LABELS[t.status].zh}${t.overdue ? ' 逾期' : ''}${t.reopenCount ? ` 重开×${t.reopenCount}` : ''}`,
        t.dueAt.slice(0, 10),
        t.escalation.to ?? '',
        t.lastMeasurement ? `${t.lastMeasurement.value ?? '—'} (${t.lastMeasurement.period})` : '',
      ]),
      notes: [`${tasks.length} task(s) 条`],
    }));
  });
}

export async function rectificationShowCommand(id: string, options: { format: OutputFormat }): Promise<string> {
  return withServices(async (services) => {
    const task = await services.rectification.get(operator, id);
    return render(task, options.format, () => ({
      head: ['at 时间', 'by 操作人', 'step 环节', 'details 内容'],
      rows: task.history.map((e) => [e.at, e.actor, e.kind, JSON.stringify(e.details)]),
      notes: [`${task.unitName} ${task.unit} · ${task.reason.zh}`, `status 状态: ${RECTIFICATION_STATUS_LABELS[task.status].zh} · due 截止 ${task.dueAt}`],
    }));
  });
}

export async function rectificationSuperviseCommand(options: { format: OutputFormat }): Promise<string> {
  return withServices(async (services) => {
    const outcome = await services.rectification.superviseOverdue(operator);
    return render(outcome, options.format, () => ({ head: ['supervised 新列入督办', 'escalated 逐级上报'], rows: [[outcome.supervised, outcome.escalated]] }));
  });
}

export async function appealsListCommand(options: { status?: string; format: OutputFormat }): Promise<string> {
  if (options.status && !['pending', 'upheld', 'rejected'].includes(options.status)) throw new CliError('--status: pending, upheld or rejected');
  return withServices(async (services) => {
    const appeals = await services.appeals.list(operator, { status: options.status });
    return render({ appeals }, options.format, () => ({
      head: ['appeal 申诉', 'run 评估', 'unit 单位', 'indicator 指标', 'status 状态', 'submitted 提交', 'corrected run 更正评估'],
      rows: appeals.map((a) => [a.id, a.runId, a.unit, a.indicator ?? '综合', a.status, a.submittedAt.slice(0, 10), a.correctedRunId ?? '']),
    }));
  });
}
