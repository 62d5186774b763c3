/** A mistake in what the user gave us: printed as one line, exit code 1, never a stack trace. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}
