import type { ApiErrorBody } from '../../../shared/contract';

/** An error answered by the main process, carrying its machine-readable code. */
export class ApiError extends Error {
  readonly code: ApiErrorBody['code'];
  constructor(body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.code = body.code;
  }
}

const IPC_PREFIX = /^Error invoking remote method '[^']+': (?:[A-Za-z]*Error: )?/;

/** A message fit to show the user, whatever the error came from (bridge, IPC or the network). */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof TypeError && /fetch|network/i.test(err.message)) {
    return 'MyBucks could not reach its background service. Check that MyBucks is still running, then try again.';
  }
  if (err instanceof Error) return err.message.replace(IPC_PREFIX, '') || 'Something went wrong.';
  return String(err);
}
