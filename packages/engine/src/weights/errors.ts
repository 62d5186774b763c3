// One error type for every bad input to the weighting methods, so a caller (the CLI)
// can print `field: reason` on one line without knowing which method failed.

/** Invalid input to a weighting method; `field` names the offending value, e.g. `matrix[2][0]`. */
export class WeightsInputError extends Error {
  override name = 'WeightsInputError';

  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}
