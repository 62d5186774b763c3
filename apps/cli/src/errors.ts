import { AppError } from '@govperf/contracts';

/** A mistake in what the user gave us: printed as one line, exit code 1, never a stack trace. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** A service's AppError (bad input, unknown code, forbidden…) as one CLI line naming the fields. */
export function rethrowAsCliError(error: unknown): never {
  if (error instanceof AppError) {
    const details = Array.isArray(error.details) ? error.details.map((d) => `${d.path.join('.')}: ${d.message}`).join('; ') : '';
    throw new CliError(`${error.message}${details ? ` (${details})` : ''}`);
  }
  throw error;
}
