// Reads an indicator-system file (YAML or JSON) and reports every problem with the path of
// the bad node in the terms a user knows: indicator codes, not array indices.
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { IndicatorSystemSchema, type IndicatorNode, type IndicatorSystem } from './indicator-system';

export interface SystemFileProblem {
  /** Human-readable location, e.g. `indicator A › A1 › A1.3, field scoring.floor`. */
  where: string;
  /** Raw path into the document. */
  path: (string | number)[];
  reason: string;
}

export type SystemFileResult = { ok: true; system: IndicatorSystem } | { ok: false; problems: SystemFileProblem[] };

/** Names a path in the document: the chain of indicator codes, then the field. */
export function describeSystemPath(raw: unknown, path: readonly (string | number)[]): string {
  const codes: string[] = [];
  const field: string[] = [];
  let cursor: unknown = raw;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    const next = cursor !== null && typeof cursor === 'object' ? (cursor as Record<string | number, unknown>)[key] : undefined;
    const intoNode = typeof key === 'number' && (path[i - 1] === 'indicators' || path[i - 1] === 'children') && field.length <= 1;
    if (intoNode) {
      field.length = 0;
      const code = next !== null && typeof next === 'object' ? (next as { code?: unknown }).code : undefined;
      codes.push(typeof code === 'string' ? code : `#${key + 1}`);
    } else if (typeof key === 'number') {
      field.push(`[${key}]`);
    } else {
      field.push(field.length ? `.${key}` : key);
    }
    cursor = next;
  }
  const fieldText = field.join('').replace(/^\./, '');
  if (codes.length === 0) return fieldText || '(document)';
  const fieldPart = fieldText && fieldText !== 'indicators' && fieldText !== 'children' ? `, field ${fieldText}` : '';
  return `indicator ${codes.join(' › ')}${fieldPart}`;
}

function fromZod(raw: unknown, error: z.ZodError): SystemFileProblem[] {
  return error.issues.map((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    return { where: describeSystemPath(raw, path), path, reason: issue.message };
  });
}

/** Checks that need the whole tree: unique codes, leaves vs. groups, weights, AHP sizes, grades. */
export function checkSystemStructure(system: IndicatorSystem): Omit<SystemFileProblem, 'where'>[] {
  const problems: Omit<SystemFileProblem, 'where'>[] = [];
  const seen = new Set<string>();
  const add = (path: (string | number)[], reason: string) => problems.push({ path, reason });

  const checkChildren = (children: IndicatorNode[], weighting: IndicatorNode['weighting'], path: (string | number)[], key: string) => {
    const withWeight = children.filter((c) => c.weight !== undefined).length;
    const method = weighting?.method;
    if ((method === undefined || method === 'manual') && withWeight !== children.length) {
      if (method === 'manual' || withWeight > 0) {
        add([...path, key], `manual weighting needs a weight on every child (${children.length - withWeight} of ${children.length} have none); or choose weighting equal, ahp, entropy or combined`);
      }
    }
    if (method === 'manual' && children.every((c) => (c.weight ?? 0) === 0)) {
      add([...path, key], 'the children\'s weights are all zero');
    }
    if (weighting && (weighting.method === 'ahp' || weighting.method === 'combined')) {
      const matrices = weighting.ahp.experts ?? (weighting.ahp.judgements ? [weighting.ahp.judgements] : []);
      matrices.forEach((m, k) => {
        const where = weighting.ahp.experts ? [...path, 'weighting', 'ahp', 'experts', k] : [...path, 'weighting', 'ahp', 'judgements'];
        if (m.length !== children.length || m.some((row) => row.length !== children.length)) {
          add(where, `the judgement matrix must be ${children.length}×${children.length}, one row and column per child in order (${children.map((c) => c.code).join(', ')})`);
        }
      });
    }
  };

  const walk = (node: IndicatorNode, path: (string | number)[]) => {
    if (seen.has(node.code)) add([...path, 'code'], `code "${node.code}" is used more than once; codes are unique in a system`);
    seen.add(node.code);

    if (node.children) {
      for (const leafOnly of ['formula', 'scoring', 'target', 'tolerance'] as const) {
        if (node[leafOnly] !== undefined) add([...path, leafOnly], `only a leaf indicator has a ${leafOnly}; this one has children`);
      }
      checkChildren(node.children, node.weighting, path, 'children');
      node.children.forEach((child, i) => walk(child, [...path, 'children', i]));
      return;
    }
    if (node.weighting !== undefined) add([...path, 'weighting'], 'a leaf indicator has no children to weigh');
    if (node.formula === undefined) add([...path, 'formula'], 'a leaf indicator needs a formula over metrics');
    if (node.scoring === undefined) add([...path, 'scoring'], 'a leaf indicator needs a scoring rule');
    if (node.scoring?.method === 'target-linear') {
      if (node.target === undefined) {
        add([...path, 'target'], 'target-linear scoring needs a target');
      } else {
        const { floor } = node.scoring;
        if (floor === node.target) add([...path, 'scoring', 'floor'], 'floor must differ from the target');
        else if (node.direction === 'benefit' && floor > node.target) {
          add([...path, 'scoring', 'floor'], `for a benefit indicator the floor (${floor}) lies below the target (${node.target})`);
        } else if (node.direction === 'cost' && floor < node.target) {
          add([...path, 'scoring', 'floor'], `for a cost indicator the floor (${floor}) lies above the target (${node.target}): more is worse`);
        }
      }
    }
    if (node.tolerance !== undefined && node.target === undefined) add([...path, 'tolerance'], 'a tolerance needs a target');
  };

  checkChildren(system.indicators, system.weighting, [], 'indicators');
  system.indicators.forEach((node, i) => walk(node, ['indicators', i]));

  system.grades.forEach((g, i) => {
    const prev = system.grades[i - 1];
    if (prev && g.min >= prev.min) add(['grades', i, 'min'], `grade bands go from the highest down: ${g.min} is not below ${prev.min}`);
  });
  if (system.grades[system.grades.length - 1]!.min !== 0) add(['grades'], 'the lowest grade band must start at 0 so that every score has a grade');
  return problems;
}

/** Parses and validates an already-loaded document (from YAML, JSON or an API body). */
export function validateIndicatorSystem(raw: unknown): SystemFileResult {
  const parsed = IndicatorSystemSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: fromZod(raw, parsed.error) };
  const structural = checkSystemStructure(parsed.data);
  if (structural.length) {
    return { ok: false, problems: structural.map((p) => ({ ...p, where: describeSystemPath(raw, p.path) })) };
  }
  return { ok: true, system: parsed.data };
}

/** Parses YAML (JSON is YAML too); syntax errors carry line and column. */
export function parseIndicatorSystemText(text: string): SystemFileResult {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        const where = pos ? `line ${pos.line}, column ${pos.col}` : '(document)';
        return { where, path: [], reason: e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '') };
      }),
    };
  }
  return validateIndicatorSystem(doc.toJS({ maxAliasCount: 100 }));
}
