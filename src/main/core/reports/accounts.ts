/** Accounts and balances as the dashboard shows them, with what the last deep reconciliation found. */
import type { AccountDTO, BankBalancesDTO } from '../../../shared/dto';
import { formatMinor } from '../../../shared/money';
import type { Db } from '../db/database';

/** The account's group: the user's choice, else from the bank's account type. */
export const GROUP_SQL = `coalesce(a.account_group, CASE a.type WHEN 'checking' THEN 'cash' WHEN 'savings' THEN 'savings'
  WHEN 'credit_card' THEN 'credit' WHEN 'loan' THEN 'loans' ELSE 'other' END)`;

/** The user's order (moved accounts first, in their order), then bank and name. */
const ACCOUNT_ORDER = `ORDER BY a.sort_order IS NULL, a.sort_order, p.name, coalesce(a.display_name, a.name), a.id`;

const ACCOUNT_SELECT = `
  SELECT a.id, a.connection_id AS connectionId, p.id AS providerId, p.name AS providerName, p.color AS color,
         a.name, a.type, a.currency, a.mask, a.balance_minor AS balanceMinor, a.balance_at AS balanceAt,
         a.display_name AS displayName, ${GROUP_SQL} AS "group", a.hidden, a.closed_at AS closedAt,
         p.kind = 'manual' AS manual, a.sort_order AS sortOrder,
         r.at AS lastVerifiedAt, r.bank_count AS bankCount, r.local_count AS localCount,
         r.bank_balance_minor AS bankBalance, r.implied_balance_minor AS impliedBalance,
         r.added, r.updated, r.removed
  FROM accounts a JOIN connections c ON c.id = a.connection_id JOIN providers p ON p.id = c.provider_id
  LEFT JOIN reconciliations r ON r.id = (SELECT max(id) FROM reconciliations WHERE account_id = a.id)`;

interface Reconciled {
  lastVerifiedAt: string | null;
  bankCount: number;
  localCount: number;
  bankBalance: number | null;
  impliedBalance: number | null;
  added: number;
  updated: number;
  removed: number;
}
type AccountRow = Omit<AccountDTO, 'verification' | 'liability' | 'hidden' | 'manual'> &
  Reconciled & { color: string; hidden: number; manual: number };

const count = (n: number, what: string) => `${n.toLocaleString('en-GB')} ${what}${n === 1 ? '' : 's'}`;

/** What the last full re-read of an account found, in words. */
function verification(r: Reconciled, currency: string, providerName: string): AccountDTO['verification'] {
  if (!r.lastVerifiedAt) return null;
  const repairs = [
    r.added && `${count(r.added, 'transaction')} MyBucks was missing`,
    r.updated && `${count(r.updated, 'transaction')} the bank had changed`,
    r.removed && `${count(r.removed, 'transaction')} the bank no longer lists`,
  ].filter(Boolean);
  if (r.localCount === 0) return { matched: true, summary: `Read the whole history from ${providerName}: ${count(r.bankCount, 'transaction')}.` };
  const balanceOff = r.impliedBalance !== null && r.bankBalance !== null && r.impliedBalance !== r.bankBalance;
  if (!repairs.length && !balanceOff) {
    return { matched: true, summary: `Matched ${providerName}: ${count(r.bankCount, 'transaction')}, the same as MyBucks held.` };
  }
  const balance = balanceOff
    ? ` Before the repair MyBucks' history implied a balance of ${formatMinor(r.impliedBalance!, currency)}; ${providerName} says ${formatMinor(r.bankBalance!, currency)}.`
    : '';
  return { matched: false, summary: `Repaired from ${providerName}'s full history: ${repairs.join(', ') || 'nothing to change in the rows'}.${balance}` };
}

const toDto = ({ color: _color, lastVerifiedAt, bankCount, localCount, bankBalance, impliedBalance, added, updated, removed, hidden, manual, ...a }: AccountRow): AccountDTO => ({
  ...a,
  hidden: hidden === 1,
  manual: manual === 1,
  liability: a.group === 'credit' || a.group === 'loans',
  lastVerifiedAt,
  verification: verification({ lastVerifiedAt, bankCount, localCount, bankBalance, impliedBalance, added, updated, removed }, a.currency, a.providerName),
});

/** Every account, including those of connections disconnected with their data kept. */
export function listAccounts(db: Db): AccountDTO[] {
  return (db.prepare(`${ACCOUNT_SELECT} ${ACCOUNT_ORDER}`).all() as AccountRow[]).map(toDto);
}

/** One account, or undefined when there is none with that id. */
export function getAccount(db: Db, id: string): AccountDTO | undefined {
  const row = db.prepare(`${ACCOUNT_SELECT} WHERE a.id = ?`).get(id) as AccountRow | undefined;
  return row && toDto(row);
}

/**
 * Balances per bank (manual accounts under their own "Manual accounts" entry). Hidden accounts are left
 * out of each bank's list but still count in its totals.
 */
export function balancesByBank(db: Db): BankBalancesDTO[] {
  const rows = db.prepare(`${ACCOUNT_SELECT} ORDER BY p.kind = 'manual', p.name, a.sort_order IS NULL, a.sort_order, coalesce(a.display_name, a.name), a.id`).all() as AccountRow[];
  const totals = db
    .prepare(
      `SELECT p.id AS providerId, a.currency, sum(a.balance_minor) AS minor
       FROM accounts a JOIN connections c ON c.id = a.connection_id JOIN providers p ON p.id = c.provider_id
       WHERE a.balance_minor IS NOT NULL GROUP BY p.id, a.currency ORDER BY a.currency`,
    )
    .all() as { providerId: string; currency: string; minor: number }[];
  const banks = new Map<string, BankBalancesDTO>();
  for (const row of rows) {
    let bank = banks.get(row.providerId);
    if (!bank) {
      bank = { providerId: row.providerId, providerName: row.providerName, color: row.color, accounts: [], totals: [] };
      banks.set(row.providerId, bank);
    }
    if (row.hidden !== 1) bank.accounts.push(toDto(row));
  }
  for (const t of totals) banks.get(t.providerId)?.totals.push({ currency: t.currency, minor: t.minor });
  return [...banks.values()];
}

/** Number of accounts per connection, for ConnectionDTO.accountCount. */
export function accountCountsByConnection(db: Db): Map<string, number> {
  const rows = db.prepare('SELECT connection_id AS id, count(*) AS n FROM accounts GROUP BY connection_id').all() as { id: string; n: number }[];
  return new Map(rows.map((r) => [r.id, r.n]));
}
