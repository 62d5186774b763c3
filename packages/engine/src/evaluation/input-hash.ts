// The hash of an evaluation's inputs, fed to SHA-256 in chunks in a canonical order (units by
// id, metrics by name) so that it needs neither a sort of all facts nor one giant string.
import { createHash } from 'node:crypto';

export interface HashableUnit {
  id: string;
  name: string | null;
  peerGroup: string;
}

const CHUNK = 1 << 16;

/**
 * sha256 over the text: `period\n`, then per unit (sorted by id) `U\t<id>\t<name>\t<peerGroup>\n`
 * followed by its facts sorted by metric, `F\t<metric>\t<value>\n` (value in JavaScript's
 * shortest round-trip form). Tabs and newlines in ids cannot occur in valid input.
 */
export function inputHash(period: string, units: readonly HashableUnit[], values: (unit: string) => ReadonlyMap<string, number> | undefined): string {
  // One sorted list of every metric name, walked per unit: cheaper than sorting each unit's keys.
  const names = new Set<string>();
  for (const unit of units) for (const metric of values(unit.id)?.keys() ?? []) names.add(metric);
  const sortedMetrics = [...names].sort();
  const hash = createHash('sha256');
  let buffer = `${period}\n`;
  const flush = () => {
    hash.update(buffer, 'utf8');
    buffer = '';
  };
  for (const unit of units) {
    buffer += `U\t${unit.id}\t${unit.name ?? ''}\t${unit.peerGroup}\n`;
    const metrics = values(unit.id);
    if (metrics) {
      for (const metric of sortedMetrics) {
        const value = metrics.get(metric);
        if (value !== undefined) buffer += `F\t${metric}\t${value}\n`;
      }
    }
    if (buffer.length > CHUNK) flush();
  }
  flush();
  return `sha256:${hash.digest('hex')}`;
}
