// The indicator-system editor's services (issue 5 §4): list systems and their versions, read one
// version with its compiled weights, save an edited document as a new draft version, publish a
// draft, and compare two versions. A version's content never changes: every edit is a new version,
// and a published one is immutable (migration 0013). Evaluations that name no version use the
// latest published one; a draft is evaluated only when named explicitly.
import { AppError, type IndicatorNode, type IndicatorSystem, type LocalizedText } from '@govperf/contracts';
import { ROOT_CODE, type CompiledSystem } from '@govperf/engine';
import { findIndicatorSystem, listIndicatorSystems, publishIndicatorSystem, saveIndicatorSystem, type DB, type IndicatorSystemStatus } from '@govperf/storage';
import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/chain';
import { auditActor, requirePermission, type Actor } from '../identity/actor';
import { loadIndicatorSystem, prepareIndicatorSystem, systemVersionConflict } from './systems';

export interface SystemVersionSummary {
  version: string;
  hash: string;
  status: IndicatorSystemStatus;
  name: LocalizedText;
  createdAt: string;
  createdBy: string | null;
  publishedAt: string | null;
  publishedBy: string | null;
}

export interface SystemSummary {
  code: string;
  /** The name of the newest version. */
  name: LocalizedText;
  /** The version evaluations use when none is named; null while only drafts exist. */
  currentVersion: string | null;
  /** Oldest first. */
  versions: SystemVersionSummary[];
}

export interface EditorNodeView {
  code: string;
  name: LocalizedText;
  /** Where the node sits in the document, e.g. ["indicators", 1, "children", 0]. */
  path: (string | number)[];
  parent: string | null;
  depth: number;
  leaf: boolean;
  /** Share among its siblings (0–1); null when the parent weighs by entropy (from each period's data). */
  localWeight: number | null;
  /** Share of the whole system (0–1): the product of the local weights up to the root; null when data-dependent. */
  globalWeight: number | null;
}

export interface EditorGroupView {
  /** The group's node code; "$root" for the top-level indicators. */
  code: string;
  method: 'manual' | 'equal' | 'ahp' | 'entropy' | 'combined';
  /** AHP consistency ratio of the group's judgements, when AHP is used. */
  cr: number | null;
  consistent: boolean | null;
}

export interface SystemVersionView extends SystemVersionSummary {
  code: string;
  document: IndicatorSystem;
  nodes: EditorNodeView[];
  groups: EditorGroupView[];
}

export interface SystemDiff {
  code: string;
  from: string;
  to: string;
  added: { code: string; parent: string | null }[];
  removed: { code: string; parent: string | null }[];
  moved: { code: string; fromParent: string | null; toParent: string | null; fromPosition: number; toPosition: number }[];
  changed: { code: string; fields: { field: string; before: unknown; after: unknown }[] }[];
  /** Global weights that changed by more than 0.0001 (nodes in both versions). */
  weights: { code: string; before: number | null; after: number | null }[];
}

function iso(d: Date | null): string | null {
  return d === null ? null : new Date(d).toISOString();
}

function notFound(code: string, version?: string): AppError {
  return new AppError('not_found', {
    message: version
      ? { zh: `指标体系 ${code} ${version} 不存在`, en: `indicator system ${code} version ${version} does not exist` }
      : { zh: `指标体系 ${code} 不存在`, en: `indicator system ${code} does not exist` },
  });
}

/** Every system with its versions and their status. */
export async function listSystems(db: Kysely<DB>, actor: Actor): Promise<SystemSummary[]> {
  requirePermission(actor, 'system.read');
  const rows = await listIndicatorSystems(db);
  const byCode = new Map<string, SystemSummary>();
  for (const row of rows) {
    const name = { zh: row.name_zh, en: row.name_en };
    let summary = byCode.get(row.code);
    if (!summary) byCode.set(row.code, (summary = { code: row.code, name, currentVersion: null, versions: [] }));
    summary.name = name;
    summary.versions.push({
      version: row.version, hash: row.hash, status: row.status, name,
      createdAt: new Date(row.created_at).toISOString(), createdBy: row.created_by, publishedAt: iso(row.published_at), publishedBy: row.published_by,
    });
  }
  for (const summary of byCode.values()) {
    const published = summary.versions.filter((v) => v.status === 'published').sort((a, b) => (a.publishedAt! < b.publishedAt! ? -1 : a.publishedAt! > b.publishedAt! ? 1 : 0));
    summary.currentVersion = published.at(-1)?.version ?? null;
  }
  return [...byCode.values()];
}

/** Local and global weights per node, and each group's weighting (with CR for AHP). */
function weightsOf(compiled: CompiledSystem, document: IndicatorSystem): { nodes: EditorNodeView[]; groups: EditorGroupView[] } {
  const local = new Map<number, number | null>();
  const groups: EditorGroupView[] = [];
  for (const node of compiled.nodes) {
    const cw = node.childWeighting;
    if (!cw) continue;
    let raw: number[] | null = null;
    if (cw.kind === 'static') raw = cw.weights;
    else if (cw.kind === 'combined') raw = cw.ahpWeights;
    const sum = raw ? raw.reduce((a, b) => a + b, 0) : 0;
    node.children.forEach((child, i) => local.set(child, raw && sum > 0 ? raw[i]! / sum : null));
    const ahp = cw.kind === 'static' ? cw.ahp : cw.kind === 'combined' ? cw.ahp : undefined;
    groups.push({ code: node.code, method: cw.kind === 'static' ? cw.method : cw.kind, cr: ahp ? ahp.cr : null, consistent: ahp ? ahp.consistent : null });
  }
  const paths = nodePaths(document);
  const global = new Map<number, number | null>([[0, 1]]);
  const nodes: EditorNodeView[] = [];
  for (const node of compiled.nodes) {
    if (node.index === 0) continue;
    const parentGlobal = global.get(node.parent) ?? null;
    const own = local.get(node.index) ?? null;
    const g = parentGlobal === null || own === null ? null : parentGlobal * own;
    global.set(node.index, g);
    const parent = compiled.nodes[node.parent]!;
    nodes.push({ code: node.code, name: node.name, path: paths.get(node.code) ?? [], parent: parent.code === ROOT_CODE ? null : parent.code, depth: node.depth, leaf: node.leaf, localWeight: own, globalWeight: g });
  }
  return { nodes, groups };
}

/** Document path of every node by code (codes are unique within a system). */
function nodePaths(document: unknown): Map<string, (string | number)[]> {
  const paths = new Map<string, (string | number)[]>();
  const walk = (list: unknown, path: (string | number)[]) => {
    if (!Array.isArray(list)) return;
    list.forEach((node: unknown, i) => {
      if (node === null || typeof node !== 'object') return;
      const here = [...path, i];
      const code = (node as { code?: unknown }).code;
      if (typeof code === 'string' && !paths.has(code)) paths.set(code, here);
      walk((node as { children?: unknown }).children, [...here, 'children']);
    });
  };
  walk((document as { indicators?: unknown } | null)?.indicators, ['indicators']);
  return paths;
}

/** One version's document with its compiled weights per node and CR per group. */
export async function getSystemVersion(db: Kysely<DB>, actor: Actor, code: string, version: string): Promise<SystemVersionView> {
  requirePermission(actor, 'system.read');
  const stored = await findIndicatorSystem(db, code, version);
  if (!stored) throw notFound(code, version);
  const { system, compiled } = await loadIndicatorSystem(db, code, version);
  return {
    code,
    version,
    hash: stored.hash,
    status: stored.status,
    name: system.name,
    createdAt: stored.createdAt.toISOString(),
    createdBy: stored.createdBy,
    publishedAt: iso(stored.publishedAt),
    publishedBy: stored.publishedBy,
    document: system,
    ...weightsOf(compiled, system),
  };
}

/** "indicators[2].children[0].formula" */
export function formatDocumentPath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** A problem's place in the document: known for schema problems, recovered from "indicator A › A1, field formula" for compile ones. */
function problemPath(document: unknown, problem: { where: string; path?: (string | number)[] }): (string | number)[] {
  if (problem.path) return problem.path;
  const fieldPath = (text: string) => [...text.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
  const match = /^indicator (.+?)(?:, field (.+))?$/.exec(problem.where);
  if (!match) return problem.where === '(document)' ? [] : fieldPath(problem.where);
  const codes = match[1]!.split(' › ');
  const nodePath = nodePaths(document).get(codes.at(-1)!) ?? [];
  return [...nodePath, ...(match[2] ? fieldPath(match[2]) : [])];
}

/** One problem of an edited document: where (document path) and why, in English (`message`, as before) and Chinese. */
export interface SystemProblemView {
  path: (string | number)[];
  /** English, prefixed with the document path: "indicators[1].formula: …". */
  message: string;
  /** The same in Chinese. */
  messageZh: string;
}

/** What an edited document would compile to, without storing it: weights and CR, or its problems. */
export interface SystemPreview {
  code: string;
  ok: boolean;
  nodes: EditorNodeView[];
  groups: EditorGroupView[];
  problems: SystemProblemView[];
  /** The metrics the formulas and veto conditions use (empty when there are problems). */
  metrics: string[];
}

function problemViews(document: unknown, problems: { where: string; path?: (string | number)[]; reason: string; reasonZh?: string }[]): SystemProblemView[] {
  return problems.map((p) => {
    const path = problemPath(document, p);
    const at = formatDocumentPath(path) || '(document)';
    return { path, message: `${at}: ${p.reason}`, messageZh: `${at === '(document)' ? '（文档）' : at}：${p.reasonZh ?? p.reason}` };
  });
}

/**
 * Validates and compiles an edited document as saving would, but stores nothing (so nothing is
 * audited): the editor shows live weights and CR while the user edits, or the problems by path.
 */
export function previewSystemDraft(actor: Actor, code: string, document: unknown): SystemPreview {
  requirePermission(actor, 'system.register');
  const documentCode = document !== null && typeof document === 'object' ? (document as { code?: unknown }).code : undefined;
  const codeProblems =
    documentCode === code ? [] : [{ where: 'code', path: ['code'], reason: `the document's code must be "${code}", the system it is saved under`, reasonZh: `文档的编码必须为“${code}”，即其所属指标体系的编码` }];
  const prepared = prepareIndicatorSystem(document);
  if (!prepared.ok || codeProblems.length) {
    return { code, ok: false, nodes: [], groups: [], problems: problemViews(document, [...codeProblems, ...(prepared.ok ? [] : prepared.problems)]), metrics: [] };
  }
  return { code, ok: true, ...weightsOf(prepared.compiled, prepared.system), problems: [], metrics: prepared.compiled.metrics };
}

/** Saves an edited document as a new draft version of `code`; validated and compiled first. */
export async function saveSystemDraft(db: Kysely<DB>, actor: Actor, code: string, document: unknown): Promise<{ code: string; version: string; hash: string; status: IndicatorSystemStatus; outcome: 'created' | 'unchanged' }> {
  requirePermission(actor, 'system.register');
  const documentCode = document !== null && typeof document === 'object' ? (document as { code?: unknown }).code : undefined;
  if (documentCode !== code) {
    throw new AppError('validation_failed', { details: [{ path: ['code'], message: `code: the document's code must be "${code}", the system it is saved under` }] });
  }
  const prepared = prepareIndicatorSystem(document);
  if (!prepared.ok) {
    throw new AppError('validation_failed', {
      message: { zh: `指标体系未通过校验，共 ${prepared.problems.length} 处问题`, en: `the indicator system has ${prepared.problems.length} problem(s)` },
      details: prepared.problems.map((p) => {
        const path = problemPath(document, p);
        return { path, message: `${formatDocumentPath(path) || '(document)'}: ${p.reason}` };
      }),
    });
  }
  const { system, compiled } = prepared;
  return db.transaction().execute(async (trx) => {
    const outcome = await saveIndicatorSystem(trx, { code, version: compiled.version, hash: compiled.hash, nameZh: system.name.zh, nameEn: system.name.en, document: system, status: 'draft', by: actor.id });
    if (outcome === 'conflict') throw systemVersionConflict(code, compiled.version);
    if (outcome === 'created') {
      await appendAudit(trx, { ...auditActor(actor), action: 'system.save_draft', entityType: 'indicator_system', entityId: `${code}@${compiled.version}`, details: { hash: compiled.hash } });
    }
    const stored = await findIndicatorSystem(trx, code, compiled.version);
    return { code, version: compiled.version, hash: compiled.hash, status: stored!.status, outcome };
  });
}

/** Publishes a draft: from now on evaluations that name no version use it. Audited; the version is immutable afterwards. */
export async function publishSystemVersion(db: Kysely<DB>, actor: Actor, code: string, version: string): Promise<{ code: string; version: string; status: 'published'; publishedAt: string; publishedBy: string }> {
  requirePermission(actor, 'system.register');
  return db.transaction().execute(async (trx) => {
    const result = await publishIndicatorSystem(trx, code, version, actor.id);
    if (result.outcome === 'not_found') throw notFound(code, version);
    if (result.outcome === 'not_draft') {
      throw new AppError('conflict', {
        message: { zh: `指标体系 ${code} ${version} 已发布，不可再次发布或修改`, en: `indicator system ${code} version ${version} is already ${result.status}; it cannot be published again or changed` },
      });
    }
    const stored = await findIndicatorSystem(trx, code, version);
    await appendAudit(trx, { ...auditActor(actor), action: 'system.publish', entityType: 'indicator_system', entityId: `${code}@${version}`, details: { hash: stored!.hash } });
    return { code, version, status: 'published' as const, publishedAt: result.publishedAt.toISOString(), publishedBy: actor.id };
  });
}

const COMPARED_FIELDS = ['name', 'definition', 'unit', 'direction', 'source', 'owner', 'weight', 'weighting', 'missing', 'veto', 'appliesTo', 'formula', 'target', 'tolerance', 'scoring'] as const;

function flatten(system: IndicatorSystem): Map<string, { node: IndicatorNode; parent: string | null; position: number }> {
  const out = new Map<string, { node: IndicatorNode; parent: string | null; position: number }>();
  const walk = (list: IndicatorNode[], parent: string | null) =>
    list.forEach((node, position) => {
      out.set(node.code, { node, parent, position });
      if (node.children) walk(node.children, node.code);
    });
  walk(system.indicators, null);
  return out;
}

/** What changes from one version to another: nodes added, removed, moved; fields and weights changed. */
export async function diffSystemVersions(db: Kysely<DB>, actor: Actor, code: string, from: string, to: string): Promise<SystemDiff> {
  requirePermission(actor, 'system.read');
  const [before, after] = [await getSystemVersion(db, actor, code, from), await getSystemVersion(db, actor, code, to)];
  const a = flatten(before.document);
  const b = flatten(after.document);
  const diff: SystemDiff = { code, from, to, added: [], removed: [], moved: [], changed: [], weights: [] };
  for (const [c, x] of b) if (!a.has(c)) diff.added.push({ code: c, parent: x.parent });
  for (const [c, x] of a) if (!b.has(c)) diff.removed.push({ code: c, parent: x.parent });
  for (const [c, x] of a) {
    const y = b.get(c);
    if (!y) continue;
    if (x.parent !== y.parent || x.position !== y.position) diff.moved.push({ code: c, fromParent: x.parent, toParent: y.parent, fromPosition: x.position, toPosition: y.position });
    const fields = COMPARED_FIELDS.filter((f) => JSON.stringify(x.node[f]) !== JSON.stringify(y.node[f])).map((f) => ({ field: f, before: x.node[f] ?? null, after: y.node[f] ?? null }));
    if (fields.length) diff.changed.push({ code: c, fields });
  }
  const weightsBefore = new Map(before.nodes.map((n) => [n.code, n.globalWeight]));
  for (const n of after.nodes) {
    if (!weightsBefore.has(n.code)) continue;
    const w0 = weightsBefore.get(n.code) ?? null;
    if ((w0 === null) !== (n.globalWeight === null) || (w0 !== null && n.globalWeight !== null && Math.abs(w0 - n.globalWeight) > 1e-4)) diff.weights.push({ code: n.code, before: w0, after: n.globalWeight });
  }
  return diff;
}
