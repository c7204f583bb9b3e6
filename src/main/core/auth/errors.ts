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

/**
 * A bank's secret (a rotated refresh token, a client secret) could not be written to the vault. Never
 * retried blindly: the refresh token stays unspent until the write succeeds.
 */
export class VaultWriteError extends Error {
  override readonly name = 'VaultWriteError';
  readonly code = 'vault_unavailable';
  constructor(
    /** What went wrong, in words: "the disk is full". */
    readonly reason: string,
    options?: ErrorOptions & { message?: string },
  ) {
    super(options?.message ?? `could not save to the vault: ${reason}`, options);
  }
}

/** Why a file write failed, in words a user understands. */
export function writeFailureReason(err: unknown): string {
  switch ((err as NodeJS.ErrnoException)?.code) {
    case 'ENOSPC':
      return 'the disk is full';
    case 'EDQUOT':
      return 'your disk quota is used up';
    case 'EACCES':
    case 'EPERM':
      return 'MyBucks is not allowed to write to its data folder';
    case 'EROFS':
      return 'the data folder is on a read-only disk';
    default:
      return (err as Error)?.message ?? String(err);
  }
}

/**
 * The bank could not be reached or refused a request for a reason other than the user's grant.
 * `retryable`: a network failure, 429 or 5xx, worth trying again; otherwise the request itself is wrong.
 */
export class BankUnavailableError extends Error {
  override readonly name = 'BankUnavailableError';
  readonly code = 'bank_unavailable';
  readonly retryable: boolean;
  constructor(message: string, options?: ErrorOptions & { retryable?: boolean }) {
    super(message, options);
    this.retryable = options?.retryable ?? true;
  }
}

/** Something the caller named does not exist (unknown provider, connection or link). */
export class AuthNotFoundError extends Error {
  override readonly name = 'AuthNotFoundError';
  readonly code = 'not_found';
}

export function isReauthRequired(err: unknown): err is ReauthRequiredError {
  return err instanceof Error && err.name === 'ReauthRequiredError';
}

/** Errors of the auth layer that a sync must stop on at once (retrying cannot help, or would spend a token). */
export function isFinalAuthError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err.name === 'BankUnavailableError') return (err as BankUnavailableError).retryable === false;
  return ['ReauthRequiredError', 'VaultWriteError', 'VaultUnavailableError', 'AuthNotFoundError'].includes(err.name);
}
