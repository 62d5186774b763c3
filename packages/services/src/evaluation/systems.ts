// Indicator systems in the database: registering a version, loading and compiling one.
import { AppError, validateIndicatorSystem, type IndicatorSystem } from '@govperf/contracts';
import { compileSystem, contentHash, SystemCompileError, type CompiledSystem } from '@govperf/engine';
import { findIndicatorSystem, saveIndicatorSystem, type DB } from '@govperf/storage';
import type { Kysely } from 'kysely';

function invalid(problems: { where: string; reason: string }[]): AppError {
  return new AppError('validation_failed', { details: problems.map((p) => ({ path: [p.where], message: p.reason })) });
}

/** Validates, compiles (AHP, formulas) and stores a system version. Same content again is fine. */
export async function registerIndicatorSystem(db: Kysely<DB>, document: unknown): Promise<{ code: string; version: string; hash: string; outcome: 'created' | 'unchanged' }> {
  const parsed = validateIndicatorSystem(document);
  if (!parsed.ok) throw invalid(parsed.problems);
  let compiled: CompiledSystem;
  try {
    compiled = compileSystem(parsed.system);
  } catch (error) {
    if (error instanceof SystemCompileError) throw invalid(error.problems);
    throw error;
  }
  const outcome = await saveIndicatorSystem(db, {
    code: compiled.code,
    version: compiled.version,
    hash: compiled.hash,
    nameZh: parsed.system.name.zh,
    nameEn: parsed.system.name.en,
    document: parsed.system,
  });
  if (outcome === 'conflict') {
    throw new AppError('conflict', {
      message: {
        zh: `指标体系 ${compiled.code} 的 ${compiled.version} 版本已存在且内容不同；修改内容时请提升版本号`,
        en: `indicator system ${compiled.code} version ${compiled.version} already exists with different content; give changed content a new version`,
      },
    });
  }
  return { code: compiled.code, version: compiled.version, hash: compiled.hash, outcome };
}

/** Loads and compiles a stored version (the latest when none is given). */
export async function loadIndicatorSystem(db: Kysely<DB>, code: string, version?: string): Promise<{ system: IndicatorSystem; compiled: CompiledSystem }> {
  const stored = await findIndicatorSystem(db, code, version);
  if (!stored) {
    throw new AppError('not_found', { message: { zh: `指标体系 ${code}${version ? ` ${version}` : ''} 不存在`, en: `indicator system ${code}${version ? ` version ${version}` : ''} does not exist` } });
  }
  const parsed = validateIndicatorSystem(stored.document);
  if (!parsed.ok) throw invalid(parsed.problems);
  const compiled = compileSystem(parsed.system);
  // The stored hash is the identity results refer to: a drift would mean the document changed.
  if (compiled.hash !== stored.hash || contentHash(parsed.system) !== stored.hash) {
    throw new AppError('internal', { message: `stored indicator system ${code} ${stored.version} does not match its hash` });
  }
  return { system: parsed.system, compiled };
}
