// Indicator systems in the database: registering a version, loading and compiling one.
import { AppError, validateIndicatorSystem, type IndicatorSystem } from '@govperf/contracts';
import { compileSystem, contentHash, SystemCompileError, type CompiledSystem } from '@govperf/engine';
import { findIndicatorSystem, saveIndicatorSystem, type DB, type StoredSystem } from '@govperf/storage';
import type { Kysely } from 'kysely';

function invalid(problems: { where: string; reason: string }[]): AppError {
  return new AppError('validation_failed', { details: problems.map((p) => ({ path: [p.where], message: p.reason })) });
}

export type PreparedSystem =
  | { ok: true; system: IndicatorSystem; compiled: CompiledSystem }
  /** `path` (into the document) is known for schema and structure problems, not for compile ones. */
  | { ok: false; problems: { where: string; path?: (string | number)[]; reason: string }[] };

/** Validates and compiles (AHP, formulas) a document without storing it. */
export function prepareIndicatorSystem(document: unknown): PreparedSystem {
  const parsed = validateIndicatorSystem(document);
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  try {
    return { ok: true, system: parsed.system, compiled: compileSystem(parsed.system) };
  } catch (error) {
    if (error instanceof SystemCompileError) return { ok: false, problems: error.problems };
    throw error;
  }
}

export function systemVersionConflict(code: string, version: string): AppError {
  return new AppError('conflict', {
    message: {
      zh: `指标体系 ${code} 的 ${version} 版本已存在且内容不同；修改内容时请提升版本号`,
      en: `indicator system ${code} version ${version} already exists with different content; give changed content a new version`,
    },
  });
}

/**
 * Validates, compiles (AHP, formulas) and stores a system version. Same content again is fine.
 * The command line registers versions ready for use (published); the editor saves drafts.
 */
export async function registerIndicatorSystem(
  db: Kysely<DB>,
  document: unknown,
  options: { status?: 'draft' | 'published'; by?: string } = {},
): Promise<{ code: string; version: string; hash: string; outcome: 'created' | 'unchanged' }> {
  const prepared = prepareIndicatorSystem(document);
  if (!prepared.ok) throw invalid(prepared.problems);
  const { system, compiled } = prepared;
  const outcome = await saveIndicatorSystem(db, {
    code: compiled.code,
    version: compiled.version,
    hash: compiled.hash,
    nameZh: system.name.zh,
    nameEn: system.name.en,
    document: system,
    ...(options.status ? { status: options.status } : {}),
    ...(options.by ? { by: options.by } : {}),
  });
  if (outcome === 'conflict') throw systemVersionConflict(compiled.code, compiled.version);
  return { code: compiled.code, version: compiled.version, hash: compiled.hash, outcome };
}

/**
 * Loads and compiles a stored version: the named one whatever its status (a draft can be tried out
 * by naming it), or the latest published one when none is named.
 */
export async function loadIndicatorSystem(db: Kysely<DB>, code: string, version?: string): Promise<{ system: IndicatorSystem; compiled: CompiledSystem; stored: StoredSystem }> {
  const stored = await findIndicatorSystem(db, code, version);
  if (!stored) {
    throw new AppError('not_found', {
      message: version
        ? { zh: `指标体系 ${code} ${version} 不存在`, en: `indicator system ${code} version ${version} does not exist` }
        : { zh: `指标体系 ${code} 不存在或尚无已发布版本`, en: `indicator system ${code} does not exist or has no published version` },
    });
  }
  const parsed = validateIndicatorSystem(stored.document);
  if (!parsed.ok) throw invalid(parsed.problems);
  const compiled = compileSystem(parsed.system);
  // The stored hash is the identity results refer to: a drift would mean the document changed.
  if (compiled.hash !== stored.hash || contentHash(parsed.system) !== stored.hash) {
    throw new AppError('internal', { message: `stored indicator system ${code} ${stored.version} does not match its hash` });
  }
  return { system: parsed.system, compiled, stored };
}
