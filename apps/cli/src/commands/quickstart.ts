import { fileURLToPath } from 'node:url';
import type { OutputFormat } from '../io/output';
import { evaluateCommand } from './evaluate';

const repo = (path: string) => fileURLToPath(new URL(`../../../../${path}`, import.meta.url));

/** The bundled example: the national template evaluated on a sample of counties. */
export async function quickstartCommand(options: { format: OutputFormat }): Promise<string> {
  return evaluateCommand({
    system: repo('templates/smart-gov-app.yaml'),
    facts: repo('examples/quickstart/facts.csv'),
    units: repo('examples/quickstart/units.csv'),
    format: options.format,
  });
}
