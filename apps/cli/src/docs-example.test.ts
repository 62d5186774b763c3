// The complete example in docs/indicator-systems.md must stay a valid, evaluable system.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './main';

describe('docs/indicator-systems.md', () => {
  it('its complete example validates, compiles and evaluates', async () => {
    const doc = readFileSync(new URL('../../../docs/indicator-systems.md', import.meta.url), 'utf8');
    const example = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.startsWith('format: govperf/indicator-system@1'));
    expect(example).toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), 'govperf-doc-'));
    writeFileSync(join(dir, 'example.yaml'), example!);
    writeFileSync(
      join(dir, 'facts.csv'),
      'unit,period,metric,value\nu1,2025-06,handling.completed,200\nu1,2025-06,handling.completed_on_time,196\nu1,2025-06,handling.online_minutes_p50,7\nu1,2025-06,ratings.total,50\nu1,2025-06,ratings.satisfied,45\nu1,2025-06,ops.security_incidents,1\n',
    );
    let out = '';
    let err = '';
    const code = await run(['evaluate', '--system', join(dir, 'example.yaml'), '--facts', join(dir, 'facts.csv')], { out: (s) => (out += s), err: (s) => (err += s) });
    expect(err).toBe('');
    expect(code).toBe(0);
    const unit = JSON.parse(out).units[0];
    // A1: 98 % meets the target → 100; A2: 7 min falls in the ≤ 10 band → 80; A = 0.6·100 + 0.4·80 = 92.
    // B1: 90 % → (90−60)/(95−60)·100 = 85.714. AHP [1 2; 1/2 1] → 2/3, 1/3: 61.333 + 28.571 = 89.90,
    // then the security incident caps the composite at 59.
    expect(unit.indicators.find((i: { code: string }) => i.code === 'A').score).toBeCloseTo(92, 10);
    expect(unit).toMatchObject({ score: 59, grade: 'poor', vetoed: true });
  });
});
