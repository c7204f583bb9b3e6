/** Thrown when a call names something that does not exist (maps to the contract's 'not_found'). */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

/** Thrown for input that passed the schema but cannot be used, e.g. a forged cursor ('invalid_input'). */
export class InvalidInputError extends Error {
  override name = 'InvalidInputError';
}
