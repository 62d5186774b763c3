// The job worker of a server process: runs `tick` (schedule the recurring work, drain what is
// due) again and again, never two at once. After a tick that did work it comes back after
// busyIntervalMs (1 s), when idle after idleIntervalMs (60 s), and soon (wakeDelayMs) after this
// process enqueues a job (onJobEnqueued): a burst of intake is processed within seconds.
import { onJobEnqueued, type JobRunSummary } from './queue';

export interface JobWorkerOptions {
  tick: () => Promise<JobRunSummary>;
  busyIntervalMs?: number;
  idleIntervalMs?: number;
  /** Delay after an in-process enqueue (lets the enqueuing transaction commit). Default 200 ms. */
  wakeDelayMs?: number;
  /** Delay before the first tick (default 0); a wake() may come earlier. */
  firstTickDelayMs?: number;
  onOutcome?: (outcome: JobRunSummary) => void;
  onError?: (error: unknown) => void;
}

export interface JobWorker {
  /** Run soon (debounced); what onJobEnqueued calls. */
  wake(): void;
  /** Stop polling; resolves when a running tick has finished. */
  stop(): Promise<void>;
  /** The number of ticks run so far (for tests). */
  readonly ticks: number;
}

export function startJobWorker(options: JobWorkerOptions): JobWorker {
  const busy = options.busyIntervalMs ?? 1_000;
  const idle = options.idleIntervalMs ?? 60_000;
  const wakeDelay = options.wakeDelayMs ?? 200;
  let timer: NodeJS.Timeout | undefined;
  let dueAt = Infinity;
  let running: Promise<void> | undefined;
  let stopped = false;
  let ticks = 0;
  /** Set by wake(); a run started by a wake that found nothing looks again after busyIntervalMs (the enqueue may not have committed yet). */
  let woken = false;

  const schedule = (delayMs: number) => {
    if (stopped) return;
    const at = Date.now() + delayMs;
    if (timer && at >= dueAt) return; // an earlier run is already planned
    if (timer) clearTimeout(timer);
    dueAt = at;
    timer = setTimeout(() => {
      timer = undefined;
      dueAt = Infinity;
      void run();
    }, delayMs);
    timer.unref();
  };

  const run = async () => {
    if (running || stopped) return;
    const fromWake = woken;
    woken = false;
    let next = idle;
    running = (async () => {
      try {
        const outcome = await options.tick();
        ticks++;
        if (outcome.succeeded + outcome.retrying + outcome.failed > 0) {
          next = busy;
          options.onOutcome?.(outcome);
        }
      } catch (error) {
        options.onError?.(error);
        next = busy * 5;
      }
    })();
    await running;
    running = undefined;
    if (fromWake) next = Math.min(next, busy);
    schedule(woken ? Math.min(next, wakeDelay) : next);
  };

  const wake = () => {
    woken = true;
    if (!running) schedule(wakeDelay);
  };
  const unsubscribe = onJobEnqueued(() => wake());
  schedule(options.firstTickDelayMs ?? 0);

  return {
    wake,
    async stop() {
      stopped = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
    },
    get ticks() {
      return ticks;
    },
  };
}
