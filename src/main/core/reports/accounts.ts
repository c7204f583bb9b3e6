/** Accounts and balances as the dashboard shows them. */
import type { AccountDTO, BankBalancesDTO } from '../../../shared/dto';
import type { Db } from '../db/database';

const ACCOUNT_SELECT = `
  SELECT a.id, a.connection_id AS connectionId, p.id AS providerId, p.name AS providerName, p.color AS color,
         a.name, a.type, a.currency, a.mask, a.balance_minor AS balanceMinor, a.balance_at AS balanceAt
  FROM accounts a JOIN connections c ON c.id = a.connection_id JOIN providers p ON p.id = c.provider_id`;

type AccountRow = AccountDTO & { color: string };
const toDto = ({ color: _color, ...a }: AccountRow): AccountDTO => a;

/** Every account, including those of connections disconnected with their data kept. */
export function listAccounts(db: Db): AccountDTO[] {
  return (db.prepare(`${ACCOUNT_SELECT} ORDER BY p.name, a.name, a.id`).all() as AccountRow[]).map(toDto);
}

export function balancesByBank(db: Db): BankBalancesDTO[] {
  const rows = db.prepare(`${ACCOUNT_SELECT} ORDER BY p.name, a.name, a.id`).all() as AccountRow[];
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
    bank.accounts.push(toDto(row));
  }
  for (const t of totals) banks.get(t.providerId)?.totals.push({ currency: t.currency, minor: t.minor });
  return [...banks.values()];
}

/** Number of accounts per connection, for ConnectionDTO.accountCount. */
export function accountCountsByConnection(db: Db): Map<string, number> {
  const rows = db.prepare('SELECT connection_id AS id, count(*) AS n FROM accounts GROUP BY connection_id').all() as { id: string; n: number }[];
  return new Map(rows.map((r) => [r.id, r.n]));
}
