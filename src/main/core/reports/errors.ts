/**
 * Errors the report functions throw for the caller's mistakes. `code` is the contract's error code, so
 * the IPC/bridge error mapping passes the message through.
 */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
  readonly code = 'not_found';
}

/** Input that passed the schema but cannot be used, e.g. a forged cursor. */
export class InvalidInputError extends Error {
  override name = 'InvalidInputError';
  readonly code = 'invalid_input';
}
