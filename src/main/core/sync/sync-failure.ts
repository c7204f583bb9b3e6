/**
 * What a failed sync tells the user: what happened, at which bank, and what to do; and the status code
 * that picks the action the Connections page offers.
 */
import type { StatusCode } from '../db/connections-repo';
import { BankApiError } from '../banks/ob-client';

export interface SyncFailure {
  status: 'needs_reauth' | 'error';
  code: StatusCode;
  message: string;
}

const AGAIN = 'Nothing already in MyBucks was lost; it will try again at the next sync.';

export function describeSyncFailure(err: unknown, bank: { providerName: string; apiBase: string }): SyncFailure {
  const name = bank.providerName;
  const e = err as Error;
  switch (e?.name) {
    case 'ReauthRequiredError':
      return { status: 'needs_reauth', code: 'needs_reauth', message: e.message };
    case 'VaultWriteError':
      return { status: 'error', code: 'vault_write_failed', message: e.message };
    case 'VaultUnavailableError':
    case 'BankUnavailableError':
      return { status: 'error', code: 'bank_unavailable', message: e.message };
  }
  if (err instanceof BankApiError) {
    if (err.kind === 'http' && err.endpoint === 'GET /accounts' && (err.status === 404 || err.status === 405)) {
      return {
        status: 'error',
        code: 'api_not_found',
        message: `MyBucks could not find ${name}'s account data at ${bank.apiBase} (HTTP ${err.status}). Check the bank's API address and correct it (Change API address).`,
      };
    }
    switch (err.kind) {
      case 'network':
        return { status: 'error', code: 'bank_unavailable', message: `MyBucks could not reach ${name} (${err.problem}). Check your internet connection. ${AGAIN}` };
      case 'http':
        return { status: 'error', code: 'sync_failed', message: `${name} answered ${err.endpoint} with ${err.problem}. ${AGAIN}` };
      case 'malformed':
        return { status: 'error', code: 'sync_failed', message: `${name} sent data MyBucks cannot use (${err.endpoint}: ${err.problem}), so none of it was stored. ${AGAIN}` };
    }
  }
  return { status: 'error', code: 'sync_failed', message: `Syncing ${name} failed: ${e?.message ?? String(err)}. ${AGAIN}` };
}
