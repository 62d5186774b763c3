// The demo data worker (bulk.ts): generates the big tables' CSV chunks and hands each over (its
// buffer transferred, not copied), waiting whenever what it sent and the COPY has not taken yet
// reaches queuedBytes.
import { parentPort, workerData } from 'node:worker_threads';
import { buildDemoContext, bulkChunks, type BulkMessage, type BulkParams } from './bulk';

const port = parentPort!;
const params = workerData as Required<BulkParams>;
let ahead = 0;
let wake: (() => void) | undefined;
port.on('message', (taken: number) => {
  ahead -= taken;
  wake?.();
  wake = undefined;
});
const send = (message: BulkMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

try {
  for (const part of bulkChunks(buildDemoContext(params.seed, params.scale, new Date(params.now)))) {
    while (ahead > 0 && ahead + part.chunk.byteLength > params.queuedBytes) await new Promise<void>((resolve) => (wake = resolve));
    ahead += part.chunk.byteLength;
    send(part, [part.chunk.buffer as ArrayBuffer]);
  }
  send({ table: null, done: true });
} catch (error) {
  send({ table: null, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
port.unref();
