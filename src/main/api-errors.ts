/**
 * Turns anything thrown behind the contract into the `ApiErrorBody` that crosses to the renderer (IPC or
 * HTTP bridge): a code and a message, never a stack. The core signals known failures by throwing an error
 * whose `code` is one of the contract's codes; anything else becomes `internal` with a generic message.
 */
import { ZodError } from 'zod';
import type { ApiErrorBody } from '../shared/contract';

const CODES: ReadonlySet<ApiErrorBody['code']> = new Set([
  'invalid_input',
  'not_found',
  'needs_reauth',
  'bank_unavailable',
  'vault_unavailable',
  'internal',
  'locked',
]);

export const INTERNAL_ERROR_MESSAGE = 'Something went wrong inside MyBucks. Try again; if it keeps happening, restart the app.';

export function invalidInput(error: ZodError): ApiErrorBody {
  const issues = error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
  return { code: 'invalid_input', message: `Invalid input: ${issues.join('; ')}` };
}

export function toApiErrorBody(error: unknown): ApiErrorBody {
  if (error instanceof ZodError) return invalidInput(error);
  if (typeof error === 'object' && error !== null) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && CODES.has(code as ApiErrorBody['code']) && typeof message === 'string') {
      return { code: code as ApiErrorBody['code'], message };
    }
  }
  return { code: 'internal', message: INTERNAL_ERROR_MESSAGE };
}

/** HTTP status for an error body in the browser-mode bridge. */
export function httpStatusOf(code: ApiErrorBody['code']): number {
  switch (code) {
    case 'invalid_input':
      return 400;
    case 'not_found':
      return 404;
    case 'needs_reauth':
      return 409;
    case 'bank_unavailable':
      return 502;
    case 'vault_unavailable':
      return 503;
    case 'locked':
      return 423;
    default:
      return 500;
  }
}
