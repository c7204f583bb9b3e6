import { StatementError } from './errors';
import type { StatementAccount } from './statement';

const describe = (a: StatementAccount) => [a.name, a.accountId && `account ${a.accountId}`, a.currency].filter(Boolean).join(', ') || 'no account details';

/** The index of the statement to return from a file holding `accounts.length` of them; warns when there are several. */
export function chooseStatement(accounts: StatementAccount[], chosen: number | undefined, warnings: string[]): number {
  const index = chosen ?? 0;
  if (!Number.isInteger(index) || index < 0 || index >= accounts.length) {
    throw new StatementError(`This file holds ${accounts.length} statement${accounts.length === 1 ? '' : 's'}; there is no statement number ${index + 1}. Choose one of 1–${accounts.length}.`);
  }
  if (accounts.length > 1) {
    warnings.push(
      `This file holds ${accounts.length} statements (${accounts.map((a, i) => `${i + 1}: ${describe(a)}`).join('; ')}). Showing statement ${index + 1}; choose another to import it.`,
    );
  }
  return index;
}
