/** Which consent permissions the mock banks support and which a resource needs. */
import type { ApiScope } from '../banks';

export const SUPPORTED_PERMISSIONS = [
  'ReadAccountsBasic',
  'ReadAccountsDetail',
  'ReadBalances',
  'ReadTransactionsBasic',
  'ReadTransactionsDetail',
  'ReadTransactionsCredits',
  'ReadTransactionsDebits',
] as const;

/** Null when the set is a valid consent request, else why not (OB consent validity rules). */
export function permissionProblem(perms: unknown): string | null {
  if (!Array.isArray(perms) || perms.length === 0) return 'Data.Permissions must be a non-empty array';
  const unsupported = perms.filter((p) => !(SUPPORTED_PERMISSIONS as readonly unknown[]).includes(p));
  if (unsupported.length) return `unsupported permission(s): ${unsupported.join(', ')}`;
  const has = (p: string) => perms.includes(p);
  if (!has('ReadAccountsBasic') && !has('ReadAccountsDetail')) return 'ReadAccountsBasic or ReadAccountsDetail is required';
  const txLevel = has('ReadTransactionsBasic') || has('ReadTransactionsDetail');
  const txSide = has('ReadTransactionsCredits') || has('ReadTransactionsDebits');
  if (txLevel !== txSide) return 'ReadTransactionsBasic/Detail must come with ReadTransactionsCredits and/or ReadTransactionsDebits';
  return null;
}

export function scopesFor(perms: string[]): ApiScope[] {
  const scopes: ApiScope[] = ['accounts'];
  if (perms.includes('ReadBalances')) scopes.push('balances');
  if (perms.some((p) => p.startsWith('ReadTransactions'))) scopes.push('transactions');
  return scopes;
}

/** True when the token's scopes and the consent's permissions both allow the resource. */
export function allows(scopes: string[], perms: string[], resource: ApiScope): boolean {
  if (!scopes.includes(resource)) return false;
  if (resource === 'accounts') return perms.includes('ReadAccountsBasic') || perms.includes('ReadAccountsDetail');
  if (resource === 'balances') return perms.includes('ReadBalances');
  return (
    (perms.includes('ReadTransactionsBasic') || perms.includes('ReadTransactionsDetail')) &&
    (perms.includes('ReadTransactionsCredits') || perms.includes('ReadTransactionsDebits'))
  );
}
