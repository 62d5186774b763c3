// The editor asks the server for a preview after each edit; answers may come back out of order (a
// slow compile of an older document after a fast one of a newer). Each request takes a ticket, and
// only the holder of the latest ticket may apply its answer.

export interface PreviewTicket {
  /** True while no later request has been started. */
  isLatest(): boolean;
}

export function latestOnly(): { start(): PreviewTicket } {
  let latest = 0;
  return {
    start() {
      const mine = ++latest;
      return { isLatest: () => mine === latest };
    },
  };
}

/** Resolves each request's promise in order of starting, but hands only the latest answer on. */
export async function applyIfLatest<T>(ticket: PreviewTicket, answer: Promise<T>, apply: (value: T) => void): Promise<boolean> {
  const value = await answer;
  if (!ticket.isLatest()) return false;
  apply(value);
  return true;
}
