// Guards the indicator-system templates and their metric contract (docs/metrics.md):
// every template validates and compiles in the engine (formulas parse, metrics are declared,
// AHP matrices are consistent), declares exactly the metrics it uses, declares a shared metric
// the same way as the other templates, and agrees with the catalogue in docs/metrics.md,
// including its "used by" column.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseIndicatorSystemText, type IndicatorNode, type IndicatorSystem } from '@govperf/contracts';
import { compileSystem, metricsOf, parseFormula } from '@govperf/engine';
import { describe, expect, it } from 'vitest';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const files = readdirSync(here('.')).filter((f) => f.endsWith('.yaml')).sort();

function load(file: string): IndicatorSystem {
  const result = parseIndicatorSystemText(readFileSync(here(file), 'utf8'));
  if (!result.ok) throw new Error(`${file}: ${result.problems.map((p) => `${p.where}: ${p.reason}`).join('; ')}`);
  return result.system;
}

function* walk(nodes: readonly IndicatorNode[], depth = 1): Generator<{ node: IndicatorNode; depth: number }> {
  for (const node of nodes) {
    yield { node, depth };
    if (node.children) yield* walk(node.children, depth + 1);
  }
}

/** metric → template (file name without .yaml) → indicator codes, "(veto)" marking a veto rule. */
function usage(): Map<string, Map<string, string[]>> {
  const used = new Map<string, Map<string, string[]>>();
  for (const file of files) {
    const template = file.replace(/\.yaml$/, '');
    for (const { node } of walk(load(file).indicators)) {
      const sources = [node.formula, ...(node.veto ?? []).map((v) => v.when)];
      sources.forEach((source, i) => {
        if (source === undefined) return;
        for (const metric of metricsOf(parseFormula(source))) {
          const byTemplate = used.get(metric) ?? new Map<string, string[]>();
          const codes = byTemplate.get(template) ?? [];
          const tag = i === 0 ? node.code : `${node.code} (veto)`;
          if (!codes.includes(tag)) codes.push(tag);
          byTemplate.set(template, codes);
          used.set(metric, byTemplate);
        }
      });
    }
  }
  return used;
}

/** The metric tables of docs/metrics.md: name → 中文名 and "used by" cell. */
function documented(): Map<string, { zh: string; usedBy: string }> {
  const doc = readFileSync(here('../docs/metrics.md'), 'utf8');
  const rows = new Map<string, { zh: string; usedBy: string }>();
  for (const line of doc.split('\n')) {
    const m = /^\| `([A-Za-z_][A-Za-z0-9_.]*)` \| ([^|]+) \|.*\| ([^|]*) \|$/.exec(line);
    if (m) rows.set(m[1]!, { zh: m[2]!.trim(), usedBy: m[3]!.trim() });
  }
  return rows;
}

describe('indicator-system templates', () => {
  it('finds the four shipped templates', () => {
    expect(files).toEqual(expect.arrayContaining(['local-gov-digital.yaml', 'service-disclosure.yaml', 'service-efficiency.yaml', 'smart-gov-app.yaml']));
  });

  it.each(files)('%s validates, compiles and declares exactly the metrics it uses', (file) => {
    const system = load(file);
    const compiled = compileSystem(system);
    expect(Object.keys(system.metrics ?? {}).sort()).toEqual([...compiled.metrics].sort());
    for (const { node } of walk(system.indicators)) {
      expect(node.name.en, `${node.code} English name`).not.toMatch(/[\u4e00-\u9fff]/);
      if (node.children) continue;
      expect(node.definition, `${node.code} definition`).toBeDefined();
      expect(node.unit, `${node.code} unit`).toBeDefined();
      expect(node.source, `${node.code} source`).toBeDefined();
      expect(node.weight, `${node.code} weight`).toBeDefined();
    }
  });

  it('the default template has 4 dimensions, 12 second-level and 56 third-level indicators', () => {
    const system = load('smart-gov-app.yaml');
    expect(system.code).toBe('CN-SMARTGOV-APP');
    const byDepth = [1, 2, 3].map((d) => [...walk(system.indicators)].filter((x) => x.depth === d).map((x) => x.node.code));
    expect(byDepth[0]).toEqual(['A', 'B', 'C', 'D']);
    expect(byDepth[1]).toEqual(['A1', 'A2', 'A3', 'B1', 'B2', 'B3', 'C1', 'C2', 'C3', 'D1', 'D2', 'D3']);
    expect(byDepth[2]).toHaveLength(56);
    const vetoes = [...walk(system.indicators)].flatMap((x) => (x.node.veto ?? []).map((v) => `${x.node.code}:${v.action}`));
    expect(vetoes).toEqual(['B3.06:downgrade', 'C3.01:zero', 'D3.02:cap']);
  });

  it('declares a shared metric identically in every template', () => {
    const seen = new Map<string, { file: string; json: string }>();
    for (const file of files) {
      for (const [name, decl] of Object.entries(load(file).metrics ?? {})) {
        const json = JSON.stringify(decl);
        const first = seen.get(name);
        if (first) expect(json, `${name} in ${file} vs ${first.file}`).toBe(first.json);
        else seen.set(name, { file, json });
      }
    }
  });

  it('agrees with docs/metrics.md: same metrics, same Chinese names, exact "used by"', () => {
    const used = usage();
    const doc = documented();
    expect([...doc.keys()].sort()).toEqual([...used.keys()].sort());
    for (const file of files) {
      for (const [name, decl] of Object.entries(load(file).metrics ?? {})) expect(doc.get(name)?.zh, name).toBe(decl.name.zh);
    }
    for (const [metric, byTemplate] of used) {
      const expected = [...byTemplate.entries()].map(([t, codes]) => `${t}: ${codes.join(', ')}`).sort().join('; ');
      const actual = doc.get(metric)!.usedBy.split('; ').sort().join('; ');
      expect(actual, `used by of ${metric}`).toBe(expected);
    }
  });
});
