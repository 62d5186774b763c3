import { render, type OutputFormat } from '../io/output';
import { loadSystem } from '../io/load-system';

export async function validateCommand(file: string, options: { format: OutputFormat; allowInconsistent: boolean }): Promise<string> {
  const system = await loadSystem(file, { allowInconsistentAhp: options.allowInconsistent });
  const leaves = system.nodes.filter((n) => n.leaf).length;
  const levels = Math.max(...system.nodes.map((n) => n.depth));
  const json = { ok: true, code: system.code, version: system.version, hash: system.hash, indicators: system.nodes.length - 1, leaves, levels, metrics: system.metrics };
  return render(json, options.format, () => ({
    head: ['field', 'value'],
    rows: [['code', system.code], ['version', system.version], ['hash', system.hash], ['indicators 指标', system.nodes.length - 1], ['leaves 末级指标', leaves], ['levels 层级', levels], ['metrics 度量', system.metrics.length]],
  }));
}
