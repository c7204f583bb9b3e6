/** Errors of the auth layer that other parts of the app react to (by `name`, so they survive boundaries). */

/** The bank no longer honours this connection's grant: the user must link again (data is kept). */
export class ReauthRequiredError extends Error {
  override readonly name = 'ReauthRequiredError';
  readonly code = 'needs_reauth';
  constructor(
    readonly connectionId: string,
    reason: string,
  ) {
    super(reason);
  }
}

/** Secrets cannot be stored safely on this machine (e.g. Linux without a keyring). */
export class VaultUnavailableError extends Error {
  override readonly name = 'VaultUnavailableError';
  readonly code = 'vault_unavailable';
}

/** The bank could not be reached or refused a request for a reason other than the user's grant. */
export class BankUnavailableError extends Error {
  override readonly name = 'BankUnavailableError';
  readonly code = 'bank_unavailable';
}

/** Something the caller named does not exist (unknown provider, connection or link). */
export class AuthNotFoundError extends Error {
  override readonly name = 'AuthNotFoundError';
  readonly code = 'not_found';
}

export function isReauthRequired(err: unknown): err is ReauthRequiredError {
  return err instanceof Error && err.name === 'ReauthRequiredError';
}
