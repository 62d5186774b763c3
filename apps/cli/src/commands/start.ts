// govperf start (npm start): the platform with the demo province. On the first start with an
// empty embedded database it loads Zhejiang's demo data, evaluates and publishes it, and writes
// the demo credentials; later starts just serve. With DATABASE_URL set it serves without a demo.
import { SingleBar, Presets } from 'cli-progress';
import { defaultMetricCatalogue } from '@govperf/services';
import { initialiseDemo, type DemoStep } from '@govperf/server';
import { CliError } from '../errors';
import { consoleBundle, startFromCli } from './serve';

function progressPrinter(): { update: (step: DemoStep) => void; stop: () => void } {
  if (!process.stderr.isTTY) {
    // One line per stage, each with the seconds the previous stage took: a log says where time went.
    let last = '';
    let since = performance.now();
    const took = () => (last ? ` (${last} ${((performance.now() - since) / 1000).toFixed(1)} s)` : '');
    return {
      update: (step) => {
        if (step.stage === last) return;
        process.stderr.write(`演示数据 demo: ${step.stage}…${took()}\n`);
        last = step.stage;
        since = performance.now();
      },
      stop: () => {
        if (last) process.stderr.write(`演示数据 demo: ${last} ${((performance.now() - since) / 1000).toFixed(1)} s\n`);
        last = '';
      },
    };
  }
  const bar = new SingleBar({ format: '演示数据 demo {stage} [{bar}] {percentage}%', stream: process.stderr, hideCursor: true, clearOnComplete: true }, Presets.shades_classic);
  let started = false;
  return {
    update: (step) => {
      if (!started) {
        bar.start(Math.max(1, step.total), 0, { stage: step.stage });
        started = true;
      }
      bar.setTotal(Math.max(1, step.total));
      bar.update(step.done, { stage: step.stage });
    },
    stop: () => bar.stop(),
  };
}

export async function startCommand(options: { port?: string; scale?: string }): Promise<void> {
  const scale = options.scale === undefined ? undefined : Number(options.scale);
  if (scale !== undefined && !(scale > 0 && scale <= 20)) throw new CliError('--scale: a number greater than 0 and at most 20 (1 = about a million handling records)');
  // Built while the demo province loads: the two overlap instead of adding up.
  const consoleDir = consoleBundle();
  consoleDir.catch(() => undefined);
  const server = await startFromCli(options, undefined, (config) => ({
    consoleDir,
    onFreshDatabase: async (database, cipher) => {
      const printer = progressPrinter();
      try {
        const outcome = await initialiseDemo(database, defaultMetricCatalogue(), { dataDir: config.dataDir, cipher, ...(scale ? { scale } : {}), onProgress: printer.update });
        printer.stop();
        process.stderr.write(
          `演示省份已就绪 / demo province ready: ${outcome.handlingRecords.toLocaleString('en')} handling records, ${outcome.runs.length} published evaluations (${outcome.seconds.toFixed(0)} s)\n` +
            `演示账号与 API 令牌 / demo credentials and API token: ${outcome.credentialsFile}\n`,
        );
      } finally {
        printer.stop();
      }
    },
  }));
  await server.closed;
}
