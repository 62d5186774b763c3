// govperf audit verify | export | list: the auditor's tools for the hash-chained audit trail.
// verify exits 1 naming the first broken entry, so it can run from cron or CI as a check.
import { open, rename, rm } from 'node:fs/promises';
import { createServices, defaultMetricCatalogue, listAuditEntries, verifyAuditChain, type AuditBreakReason, type AuditHead, type AuditVerification } from '@govperf/services';
import { Presets, SingleBar } from 'cli-progress';
import type { Database } from '@govperf/storage';
import { CliError } from '../errors';
import { withReadyDatabase } from '../io/database';
import { operator } from '../io/operator';
import { render, type OutputFormat } from '../io/output';

const REASONS: Record<AuditBreakReason, { zh: string; en: string }> = {
  hash_mismatch: { zh: '内容与哈希不符', en: 'hash mismatch' },
  link_mismatch: { zh: '与上一条的链接不符', en: 'link mismatch' },
  sequence_gap: { zh: '序号缺失', en: 'sequence gap' },
};

/** Below this many entries verification is quick enough that a bar would only flicker. */
const MIN_PROGRESS_ENTRIES = 50_000;

/** A count-based bar on stderr, silent unless stderr is a terminal (io/progress.ts does the same for bytes). */
function entryProgress(): { update(checked: number, total: number): void; stop(): void } {
  let bar: SingleBar | undefined;
  return {
    update(checked, total) {
      if (!process.stderr.isTTY || total < MIN_PROGRESS_ENTRIES) return;
      if (!bar) {
        bar = new SingleBar({ format: 'verifying 校验中 [{bar}] {percentage}% · {value}/{total} · ETA {eta}s', stream: process.stderr, hideCursor: true, clearOnComplete: true }, Presets.shades_classic);
        bar.start(total, 0);
      }
      bar.setTotal(total);
      bar.update(checked);
    },
    stop: () => bar?.stop(),
  };
}

export function brokenChainMessage(broken: Extract<AuditVerification, { ok: false }>['firstBroken']): string {
  const reason = REASONS[broken.reason];
  return `审计链在第 ${broken.seq} 条断裂（${reason.zh}）/ audit chain broken at entry ${broken.seq} (${broken.action}, ${broken.at}): ${reason.en}`;
}

export async function auditVerifyCommand(options: { format: OutputFormat }): Promise<string> {
  return withReadyDatabase(async (database) => {
    const progress = entryProgress();
    let result: AuditVerification;
    try {
      result = await verifyAuditChain(database.db, { onProgress: progress.update });
    } finally {
      progress.stop();
    }
    if (!result.ok) throw new CliError(brokenChainMessage(result.firstBroken));
    return render(result, options.format, () => ({
      head: ['entries checked 已校验', 'head seq 链头序号', 'head digest 链头摘要'],
      rows: [[result.entries, result.head?.seq ?? null, result.head?.hash ?? null]],
      // A rewritten last entry is invisible to the chain itself: only a digest kept elsewhere shows it.
      notes: ['chain intact 审计链完整 — keep the head digest outside this database 请将链头摘要另行留存'],
    }));
  });
}

interface Sink {
  write(text: string): Promise<void>;
  finish(): Promise<void>;
  abort(): Promise<void>;
}

/** Where NDJSON goes: stdout, or a file written under a temporary name and renamed only when complete. */
async function ndjsonSink(out: string | undefined, write: (text: string) => void): Promise<Sink> {
  if (out === undefined) return { write: async (text) => write(text), finish: async () => {}, abort: async () => {} };
  const partial = `${out}.partial`;
  const handle = await open(partial, 'w').catch((error: NodeJS.ErrnoException) => {
    throw new CliError(`--out: cannot write ${out}: ${error.code ?? error.message}`);
  });
  return {
    write: async (text) => void (await handle.write(text)),
    async finish() {
      await handle.close();
      await rename(partial, out);
    },
    async abort() {
      await handle.close().catch(() => {});
      await rm(partial, { force: true });
    },
  };
}

async function writeChain(database: Database, sink: Sink): Promise<{ entries: number; head: AuditHead | null }> {
  // Through the services, so that the export is itself recorded in the chain (as the entry after this export's head).
  const exported = await createServices(database, defaultMetricCatalogue()).audit.export(operator);
  const last = exported.head ? BigInt(exported.head.seq) : 0n;
  let entries = 0;
  let head: AuditHead | null = null;
  let buffer = '';
  for await (const entry of exported.entries) {
    if (BigInt(entry.seq) > last) break;
    buffer += `${JSON.stringify(entry)}\n`;
    entries++;
    head = { seq: entry.seq, hash: entry.hash };
    if (buffer.length >= 1 << 20) {
      await sink.write(buffer);
      buffer = '';
    }
  }
  await sink.write(`${buffer}${JSON.stringify({ head, entries })}\n`);
  return { entries, head };
}

/** NDJSON: one entry a line in seq order, then {"head": {seq, hash}, "entries": n}. Streams: never the whole chain in memory. */
export async function auditExportCommand(options: { out?: string }, write: (text: string) => void): Promise<void> {
  await withReadyDatabase(async (database) => {
    const sink = await ndjsonSink(options.out, write);
    try {
      const summary = await writeChain(database, sink);
      await sink.finish();
      if (options.out !== undefined) write(`${JSON.stringify({ out: options.out, ...summary })}\n`);
    } catch (error) {
      await sink.abort();
      throw error;
    }
  });
}

export async function auditListCommand(options: { action?: string; actor?: string; limit: string; before?: string; format: OutputFormat }): Promise<string> {
  const limit = Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new CliError('--limit: a whole number from 1 to 1000');
  if (options.before !== undefined && !/^[1-9]\d*$/.test(options.before)) throw new CliError('--before: an entry number (seq), e.g. 1200');
  return withReadyDatabase(async (database) => {
    const entries = await listAuditEntries(database.db, { action: options.action, actor: options.actor, limit, beforeSeq: options.before, orgUnits: '*' });
    return render({ entries }, options.format, () => ({
      head: ['seq 序号', 'time 时间', 'actor 操作者', 'action 操作', 'entity 对象', 'unit 单位', 'client ip 来源地址'],
      rows: entries.map((e) => [e.seq, e.at, `${e.actor} (${e.actorKind})`, e.action, e.entityId === null ? e.entityType : `${e.entityType} ${e.entityId}`, e.orgUnit, e.clientIp]),
      notes: entries.length === limit ? [`more 更多: --before ${entries.at(-1)!.seq}`] : [],
    }));
  });
}
