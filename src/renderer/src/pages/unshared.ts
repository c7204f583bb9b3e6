import type { ConnectionDTO } from '../../../shared/dto';

/** The data MyBucks asks every bank for; a consent page lets the user untick each. */
const DATA_SCOPES = ['accounts', 'balances', 'transactions'] as const;
export type DataScope = (typeof DATA_SCOPES)[number];

const WORDS: Record<DataScope, string> = { accounts: 'your accounts', balances: 'your balances', transactions: 'your transactions' };

/** The data this connection's grant leaves out (in the order above). */
export function unsharedScopes(c: Pick<ConnectionDTO, 'scopes'>): DataScope[] {
  return DATA_SCOPES.filter((s) => !c.scopes.includes(s));
}

/** "your balances and your transactions" */
export function scopeWords(scopes: readonly DataScope[]): string {
  const words = scopes.map((s) => WORDS[s]);
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** What was not shared, where, and what to do — one sentence each. */
export function unsharedMessage(providerName: string, scopes: readonly DataScope[]): string {
  return `${providerName} did not share ${scopeWords(scopes)} with MyBucks, so MyBucks cannot show them. To share them, sign in at ${providerName} again and allow them on its consent page.`;
}

/** The button that re-authorizes to share what is missing. */
export function shareLabel(providerName: string, scopes: readonly DataScope[]): string {
  const what = scopeWords(scopes).replace(/your /g, '');
  return `Share ${what} from ${providerName}`;
}
