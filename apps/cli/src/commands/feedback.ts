// govperf feedback list | overdue | process: the feedback loop's work orders from the command line
// (工单列表, 超时工单), and running the queued processing of stored submissions now.
import type { Services } from '@govperf/services';
import { CliError } from '../errors';
import { operator } from '../io/operator';
import { render, type OutputFormat } from '../io/output';
import { withServices } from '../io/services';

const STATUSES = ['pending_review', 'accepted', 'developing', 'testing', 'online', 'rejected'];
const TIER = { red: '红', orange: '橙', yellow: '黄', blue: '蓝' } as Record<string, string>;

type Order = Awaited<ReturnType<Services['feedback']['workOrders']>>[number];

const table = (orders: Order[]) => ({
  head: ['work order 工单', 'code 查询码', 'unit 单位', 'department 部门', 'tier 等级', 'status 状态', 'due 截止', 'SLA', 'text 内容'],
  rows: orders.map((o) => [
    o.id,
    o.trackingCode,
    o.unit ?? '（待分拣）',
    o.department ?? '',
    o.tier ? `${TIER[o.tier]} ${o.tier}` : '',
    `${o.statusLabel.zh}${o.paused ? ' 暂停' : ''}`,
    o.dueAt ?? '',
    o.sla ? `${o.sla.state}${o.sla.escalationLevel ? ` ↑${o.sla.escalationLevel}` : ''}` : '',
    o.content.length > 30 ? `${o.content.slice(0, 30)}…` : o.content,
  ]),
  notes: [`${orders.length} work order(s) 件`],
});

export async function feedbackListCommand(options: { unit?: string; status?: string; open?: boolean; format: OutputFormat }): Promise<string> {
  if (options.status && !STATUSES.includes(options.status)) throw new CliError(`--status: one of ${STATUSES.join(', ')}`);
  return withServices(async (services) => {
    const workOrders = await services.feedback.workOrders(operator, {
      ...(options.unit ? { unit: options.unit } : {}),
      ...(options.status ? { status: options.status as 'accepted' } : {}),
      ...(options.open ? { open: true } : {}),
      limit: 1000,
    });
    return render({ workOrders }, options.format, () => table(workOrders));
  });
}

export async function feedbackOverdueCommand(options: { format: OutputFormat }): Promise<string> {
  return withServices(async (services) => {
    const workOrders = await services.feedback.overdue(operator);
    return render({ workOrders }, options.format, () => table(workOrders));
  });
}

export async function feedbackProcessCommand(options: { format: OutputFormat }): Promise<string> {
  return withServices(async (services) => {
    const outcome = await services.feedback.processPending({ limit: 10_000 });
    return render(outcome, options.format, () => ({ head: ['processed 已处理', 'retrying 待重试', 'failed 失败'], rows: [[outcome.succeeded, outcome.retrying, outcome.failed]] }));
  });
}
