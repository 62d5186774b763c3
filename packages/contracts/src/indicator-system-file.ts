// Reads an indicator-system file (YAML or JSON) and reports every problem with the path of
// the bad node in the terms a user knows: indicator codes, not array indices. Every problem says
// why in English (`reason`) and in Chinese (`reasonZh`), so the console can show either.
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { INDICATOR_SYSTEM_FORMAT, IndicatorSystemSchema, type IndicatorNode, type IndicatorSystem } from './indicator-system';

export interface SystemFileProblem {
  /** Human-readable location, e.g. `indicator A › A1 › A1.3, field scoring.floor`. */
  where: string;
  /** Raw path into the document. */
  path: (string | number)[];
  reason: string;
  /** The reason in Chinese. */
  reasonZh: string;
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

/** The schema's own messages (indicator-system.ts) in Chinese; other issues are described from their code. */
const SCHEMA_MESSAGES_ZH: Record<string, string> = {
  'a code uses letters, digits, ".", "_" and "-", and starts with a letter or digit': '编码只能由字母、数字、“.”“_”“-”组成，且以字母或数字开头',
  'Chinese text (zh) is required': '中文（zh）必填',
  'English text (en) is required': '英文（en）必填',
  'a score is at least 0': '得分不能小于 0',
  'a score is at most 100': '得分不能大于 100',
  'a judgement is a positive number': '判断值须为正数',
  'a judgement is a number or a fraction such as "1/5"': '判断值须为数字或分数（如“1/5”）',
  'give either "judgements" (one matrix) or "experts" (several), not both or neither': '须给出 judgements（一个判断矩阵）或 experts（多位专家的判断矩阵）其中之一',
  'min must not exceed max': '区间下限（min）不能大于上限（max）',
  'a weight is not negative': '权重不能为负数',
  'tolerance is not negative': '容差不能为负数',
  [`format must be "${INDICATOR_SYSTEM_FORMAT}"`]: `format 须为“${INDICATOR_SYSTEM_FORMAT}”`,
  'a metric name uses letters, digits, "_" and "."': '数据项名称只能由字母、数字、“_”和“.”组成',
};

const TYPE_ZH: Record<string, string> = { string: '文本', number: '数字', int: '整数', boolean: '是或否（true/false）', array: '列表', object: '对象', record: '对象' };

function valueAt(raw: unknown, path: readonly (string | number)[]): unknown {
  let cursor = raw;
  for (const key of path) cursor = cursor !== null && typeof cursor === 'object' ? (cursor as Record<string | number, unknown>)[key] : undefined;
  return cursor;
}

/** A schema issue in Chinese: the schema's own message translated, or a sentence built from the issue's code. */
export function zodIssueZh(raw: unknown, issue: z.core.$ZodIssue): string {
  const known = SCHEMA_MESSAGES_ZH[issue.message];
  if (known) return known;
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  switch (issue.code) {
    case 'invalid_type': {
      const expected = TYPE_ZH[issue.expected] ?? issue.expected;
      return valueAt(raw, path) === undefined ? `缺少必填项（应为${expected}）` : `类型不正确：应为${expected}`;
    }
    case 'too_small': {
      const min = String(issue.minimum);
      if (issue.origin === 'string') return min === '1' ? '不能为空' : `至少 ${min} 个字符`;
      if (issue.origin === 'array' || issue.origin === 'set') return `至少需要 ${min} 项`;
      return issue.inclusive ? `不能小于 ${min}` : `须大于 ${min}`;
    }
    case 'too_big': {
      const max = String(issue.maximum);
      if (issue.origin === 'string') return `至多 ${max} 个字符`;
      if (issue.origin === 'array' || issue.origin === 'set') return `至多 ${max} 项`;
      return issue.inclusive ? `不能大于 ${max}` : `须小于 ${max}`;
    }
    case 'not_multiple_of':
      return `须为 ${String(issue.divisor)} 的整数倍`;
    case 'invalid_format':
      return '格式不正确';
    case 'invalid_value':
      return `取值须为以下之一：${issue.values.map((v) => String(v)).join('、')}`;
    case 'unrecognized_keys':
      return `格式中没有这些字段：${issue.keys.join('、')}（请检查拼写）`;
    case 'invalid_union': {
      const { discriminator, options } = issue as { discriminator?: string; options?: unknown[] };
      return discriminator && options ? `${discriminator} 须为以下之一：${options.map(String).join('、')}` : '取值不符合任何允许的形式';
    }
    default:
      return '取值无效';
  }
}

function fromZod(raw: unknown, error: z.ZodError): SystemFileProblem[] {
  return error.issues.map((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    return { where: describeSystemPath(raw, path), path, reason: issue.message, reasonZh: zodIssueZh(raw, issue) };
  });
}

const LEAF_FIELD_ZH = { formula: '计算公式', scoring: '评分方法', target: '目标值', tolerance: '容差' } as const;

/** Checks that need the whole tree: unique codes, leaves vs. groups, weights, AHP sizes, grades. */
export function checkSystemStructure(system: IndicatorSystem): Omit<SystemFileProblem, 'where'>[] {
  const problems: Omit<SystemFileProblem, 'where'>[] = [];
  const seen = new Set<string>();
  const add = (path: (string | number)[], reason: string, reasonZh: string) => problems.push({ path, reason, reasonZh });

  const checkChildren = (children: IndicatorNode[], weighting: IndicatorNode['weighting'], path: (string | number)[], key: string) => {
    const withWeight = children.filter((c) => c.weight !== undefined).length;
    const method = weighting?.method;
    if ((method === undefined || method === 'manual') && withWeight !== children.length) {
      if (method === 'manual' || withWeight > 0) {
        add(
          [...path, key],
          `manual weighting needs a weight on every child (${children.length - withWeight} of ${children.length} have none); or choose weighting equal, ahp, entropy or combined`,
          `手工赋权要求每个下级指标都有权重（${children.length} 个中有 ${children.length - withWeight} 个没有）；或改用等权、层次分析法、熵权法或组合赋权`,
        );
      }
    }
    if (method === 'manual' && children.every((c) => (c.weight ?? 0) === 0)) {
      add([...path, key], 'the children\'s weights are all zero', '下级指标的权重全部为 0');
    }
    if (weighting && (weighting.method === 'ahp' || weighting.method === 'combined')) {
      const matrices = weighting.ahp.experts ?? (weighting.ahp.judgements ? [weighting.ahp.judgements] : []);
      matrices.forEach((m, k) => {
        const where = weighting.ahp.experts ? [...path, 'weighting', 'ahp', 'experts', k] : [...path, 'weighting', 'ahp', 'judgements'];
        if (m.length !== children.length || m.some((row) => row.length !== children.length)) {
          const order = children.map((c) => c.code);
          add(
            where,
            `the judgement matrix must be ${children.length}×${children.length}, one row and column per child in order (${order.join(', ')})`,
            `判断矩阵须为 ${children.length}×${children.length}，按下级指标顺序每个指标一行一列（${order.join('、')}）`,
          );
        }
      });
    }
  };

  const walk = (node: IndicatorNode, path: (string | number)[]) => {
    if (seen.has(node.code)) add([...path, 'code'], `code "${node.code}" is used more than once; codes are unique in a system`, `编码“${node.code}”重复使用；同一指标体系内编码不能重复`);
    seen.add(node.code);

    if (node.children) {
      for (const leafOnly of ['formula', 'scoring', 'target', 'tolerance'] as const) {
        if (node[leafOnly] !== undefined) add([...path, leafOnly], `only a leaf indicator has a ${leafOnly}; this one has children`, `只有末级指标才有 ${LEAF_FIELD_ZH[leafOnly]}（${leafOnly}）；该指标有下级指标`);
      }
      checkChildren(node.children, node.weighting, path, 'children');
      node.children.forEach((child, i) => walk(child, [...path, 'children', i]));
      return;
    }
    if (node.weighting !== undefined) add([...path, 'weighting'], 'a leaf indicator has no children to weigh', '末级指标没有下级指标，无需设置赋权方法');
    if (node.formula === undefined) add([...path, 'formula'], 'a leaf indicator needs a formula over metrics', '末级指标须有基于数据项的计算公式');
    if (node.scoring === undefined) add([...path, 'scoring'], 'a leaf indicator needs a scoring rule', '末级指标须有评分方法');
    if (node.scoring?.method === 'target-linear') {
      if (node.target === undefined) {
        add([...path, 'target'], 'target-linear scoring needs a target', '目标值线性评分须设置目标值');
      } else {
        const { floor } = node.scoring;
        if (floor === node.target) add([...path, 'scoring', 'floor'], 'floor must differ from the target', '保底值（floor）须与目标值不同');
        else if (node.direction === 'benefit' && floor > node.target) {
          add([...path, 'scoring', 'floor'], `for a benefit indicator the floor (${floor}) lies below the target (${node.target})`, `正向指标的保底值（${floor}）应低于目标值（${node.target}）`);
        } else if (node.direction === 'cost' && floor < node.target) {
          add([...path, 'scoring', 'floor'], `for a cost indicator the floor (${floor}) lies above the target (${node.target}): more is worse`, `逆向指标（越大越差）的保底值（${floor}）应高于目标值（${node.target}）`);
        }
      }
    }
    if (node.tolerance !== undefined && node.target === undefined) add([...path, 'tolerance'], 'a tolerance needs a target', '设置容差须先设置目标值');
  };

  checkChildren(system.indicators, system.weighting, [], 'indicators');
  system.indicators.forEach((node, i) => walk(node, ['indicators', i]));

  system.grades.forEach((g, i) => {
    const prev = system.grades[i - 1];
    if (prev && g.min >= prev.min) add(['grades', i, 'min'], `grade bands go from the highest down: ${g.min} is not below ${prev.min}`, `等级须从高到低排列：${g.min} 不低于上一等级的 ${prev.min}`);
  });
  if (system.grades[system.grades.length - 1]!.min !== 0) add(['grades'], 'the lowest grade band must start at 0 so that every score has a grade', '最低等级的下限须为 0，使每个得分都有等级');
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
        const reason = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
        return { where, path: [], reason, reasonZh: pos ? `第 ${pos.line} 行第 ${pos.col} 列语法错误：${reason}` : `语法错误：${reason}` };
      }),
    };
  }
  return validateIndicatorSystem(doc.toJS({ maxAliasCount: 100 }));
}
