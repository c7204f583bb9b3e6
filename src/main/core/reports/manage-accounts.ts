/**
 * Accounts the user manages: a name of their own, a group, hidden or closed, their order; and manual
 * accounts (cash, property, a loan...) that no bank reports, valued by hand as dated balance snapshots.
 * Manual accounts live under the built-in 'manual' connection, which no sync or bank list ever touches.
 */
import { randomUUID } from 'node:crypto';
import type { ApiParsed } from '../../../shared/contract';
import type { AccountDTO, AccountGroup, AccountHistoryDTO, AccountType } from '../../../shared/dto';
import type { Db } from '../db/database';
import { getAccount } from './accounts';
import { InvalidInputError, NotFoundError } from './errors';

export const MANUAL_CONNECTION_ID = 'manual';

const TYPE_OF_GROUP: Record<AccountGroup, AccountType> = {
  cash: 'checking',
  savings: 'savings',
  credit: 'credit_card',
  loans: 'loan',
  investments: 'other',
  property: 'other',
  other: 'other',
};

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

function requireAccount(db: Db, accountId: string): AccountDTO {
  const account = getAccount(db, accountId);
  if (!account) throw new NotFoundError('That account no longer exists (it may have been deleted with its bank). Reload the Accounts page.');
  return account;
}

const label = (a: AccountDTO) => `“${a.displayName ?? a.name}”`;

export function updateAccount(db: Db, input: ApiParsed<'updateAccount'>, now = new Date()): AccountDTO {
  const account = requireAccount(db, input.accountId);
  const sets: string[] = [];
  const params: Record<string, unknown> = { id: input.accountId, now: now.toISOString() };
  if (input.displayName !== undefined) {
    const name = input.displayName?.trim() ?? null;
    if (name === '') throw new InvalidInputError(`The new name for ${label(account)} is blank. Type a name, or restore ${account.providerName}'s name.`);
    if (name !== null && account.manual) {
      // a manual account has no bank name to fall back on: the name is the account's own
      sets.push('name = @name', 'display_name = NULL');
      params.name = name;
    } else {
      // the bank's own name back (or typed again) clears the user's name
      sets.push('display_name = @name');
      params.name = name === account.name ? null : name;
    }
  }
  if (input.group !== undefined) {
    sets.push('account_group = @group');
    params.group = input.group;
  }
  if (input.hidden !== undefined) {
    sets.push('hidden = @hidden');
    params.hidden = input.hidden ? 1 : 0;
  }
  if (input.closed !== undefined) {
    sets.push(input.closed ? 'closed_at = coalesce(closed_at, @now)' : 'closed_at = NULL');
  }
  if (sets.length) db.prepare(`UPDATE accounts SET ${sets.join(', ')}, updated_at = @now WHERE id = @id`).run(params);
  return requireAccount(db, input.accountId);
}

/** Puts the given accounts first, in that order; the others keep their order after them. */
export function reorderAccounts(db: Db, accountIds: string[]): void {
  if (new Set(accountIds).size !== accountIds.length) {
    throw new InvalidInputError('The new order lists an account twice. Reload the Accounts page and move the account again.');
  }
  const current = db
    .prepare('SELECT a.id FROM accounts a ORDER BY a.sort_order IS NULL, a.sort_order, a.id')
    .pluck()
    .all() as string[];
  const known = new Set(current);
  const missing = accountIds.find((id) => !known.has(id));
  if (missing) throw new NotFoundError('One of the accounts being moved no longer exists. Reload the Accounts page and try again.');
  const listed = new Set(accountIds);
  const order = [...accountIds, ...current.filter((id) => !listed.has(id))];
  const set = db.prepare('UPDATE accounts SET sort_order = ? WHERE id = ?');
  db.transaction(() => order.forEach((id, i) => set.run(i, id)))();
}

/** Records a manual balance for a day and makes the newest one the account's current balance. */
function writeBalance(db: Db, account: { id: string; currency: string }, minor: number, day: string, now: Date): void {
  db.prepare(
    `INSERT INTO balance_snapshots (account_id, date, balance_minor, currency, source) VALUES (?, ?, ?, ?, 'manual')
     ON CONFLICT (account_id, date) DO UPDATE SET balance_minor = excluded.balance_minor, source = 'manual'`,
  ).run(account.id, day, minor, account.currency);
  const latest = db
    .prepare('SELECT date, balance_minor AS minor FROM balance_snapshots WHERE account_id = ? ORDER BY date DESC LIMIT 1')
    .get(account.id) as { date: string; minor: number };
  const at = latest.date === isoDay(now) ? now.toISOString() : `${latest.date}T23:59:59.999Z`;
  db.prepare('UPDATE accounts SET balance_minor = ?, balance_at = ?, updated_at = ? WHERE id = ?').run(latest.minor, at, now.toISOString(), account.id);
}

function checkDay(day: string, now: Date, what: string): void {
  if (Number.isNaN(Date.parse(`${day}T00:00:00Z`)) || isoDay(new Date(`${day}T00:00:00Z`)) !== day) {
    throw new InvalidInputError(`${day} is not a date in the calendar. Pick the day ${what} from the date field.`);
  }
  // the user's today may be a day ahead of UTC's (up to UTC+14)
  if (day > isoDay(new Date(now.getTime() + 14 * 3_600_000))) throw new InvalidInputError(`${day} is in the future. Enter the balance ${what} on today or an earlier day.`);
}

export function createManualAccount(db: Db, input: ApiParsed<'createManualAccount'>, now = new Date()): AccountDTO {
  const name = input.name.trim();
  if (!name) throw new InvalidInputError('The new account has no name. Type a name such as “Cash” or “House”.');
  const day = input.day ?? isoDay(now);
  checkDay(day, now, 'the account had this balance');
  const id = `manual-${randomUUID()}`;
  db.transaction(() => {
    db.prepare(
      `INSERT INTO accounts (id, connection_id, bank_account_id, name, type, currency, mask, status, account_group, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?)`,
    ).run(id, MANUAL_CONNECTION_ID, randomUUID(), name, TYPE_OF_GROUP[input.group], input.currency, input.group, now.toISOString(), now.toISOString());
    writeBalance(db, { id, currency: input.currency }, input.balanceMinor, day, now);
  })();
  return requireAccount(db, id);
}

export function setManualBalance(db: Db, input: ApiParsed<'setManualBalance'>, now = new Date()): AccountDTO {
  const account = requireAccount(db, input.accountId);
  if (!account.manual) {
    throw new InvalidInputError(
      `${label(account)} at ${account.providerName} gets its balance from ${account.providerName} at each sync, so MyBucks does not let you set it by hand. ` +
        'Sync the bank to refresh it, or add a manual account for money no bank reports.',
    );
  }
  checkDay(input.day, now, `${label(account)} had this balance`);
  db.transaction(() => writeBalance(db, account, input.balanceMinor, input.day, now))();
  return requireAccount(db, input.accountId);
}

/**
 * The account's balance snapshots in the range, clamped to the data: the range starts no earlier than the
 * first snapshot, and when it starts between two snapshots the balance carried into it is its first point.
 */
export function accountHistory(db: Db, input: ApiParsed<'accountHistory'>): AccountHistoryDTO {
  const account = requireAccount(db, input.accountId);
  if (input.from > input.to) throw new InvalidInputError(`The range starts (${input.from}) after it ends (${input.to}). Pick a start date before the end date.`);
  const points = db
    .prepare('SELECT date, balance_minor AS minor FROM balance_snapshots WHERE account_id = ? AND date >= ? AND date <= ? ORDER BY date')
    .all(account.id, input.from, input.to) as { date: string; minor: number }[];
  if (points[0]?.date !== input.from) {
    const before = db
      .prepare('SELECT balance_minor AS minor FROM balance_snapshots WHERE account_id = ? AND date < ? ORDER BY date DESC LIMIT 1')
      .get(account.id, input.from) as { minor: number } | undefined;
    if (before) points.unshift({ date: input.from, minor: before.minor });
  }
  return { accountId: account.id, currency: account.currency, points };
}
