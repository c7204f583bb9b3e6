/** The accounts each test user holds at each bank, derived from the seed. */
import { BANKS, TEST_USERS } from '../banks';
import type { LedgerAccountSummary } from '../context';
import { hashString, mix, pick } from './random';

export type AccountTypeCode = 'CACC' | 'SVGS' | 'CARD';

export interface LedgerAccount extends LedgerAccountSummary {
  bankId: string;
  username: string;
  /** Position among the user's accounts at this bank. */
  index: number;
  typeCode: AccountTypeCode;
  /** ISO date. */
  openingDate: string;
  sortCode: string;
  accountNumber: string;
  /** Credit cards only. */
  creditLimitMinor: number | null;
  /** Booked balance before the first generated transaction. */
  openingBalanceMinor: number;
  /** Hash of the account id, used as the account's part of every random draw. */
  key: number;
}

const KINDS = [
  { kind: 'checking', typeCode: 'CACC', names: ['Everyday Current', 'Main Account', 'Bills Account'] },
  { kind: 'savings', typeCode: 'SVGS', names: ['Rainy Day Saver', 'Holiday Fund', 'Easy Access Saver'] },
  { kind: 'credit_card', typeCode: 'CARD', names: ['Rewards Credit Card', 'Cashback Card', 'Travel Card'] },
] as const;

export function buildAccounts(seed: number): LedgerAccount[] {
  const out: LedgerAccount[] = [];
  for (const user of TEST_USERS) {
    for (const bankId of user.banks) {
      const bank = BANKS.find((b) => b.id === bankId);
      if (!bank) continue;
      for (let index = 0; index < user.accountsPerBank; index++) {
        const k = KINDS[index % KINDS.length];
        const base = mix(seed, hashString(`${bankId}/${user.username}`), index);
        const accountId = `${bankId.slice(0, 3)}-${user.username.slice(0, 6)}-${base.toString(16).padStart(8, '0')}-${index}`;
        const key = hashString(accountId);
        const accountNumber = String(10_000_000 + (mix(key, 1) % 90_000_000));
        const currency = bank.currencies[pick(bank.currencies.length, key, 2)] ?? bank.currencies[0];
        const ordinal = Math.floor(index / KINDS.length);
        const name = k.names[(ordinal + pick(k.names.length, key, 3)) % k.names.length];
        const creditLimitMinor = k.kind === 'credit_card' ? (20 + pick(60, key, 4)) * 10_000 : null;
        out.push({
          accountId,
          bankId,
          username: user.username,
          index,
          kind: k.kind,
          typeCode: k.typeCode,
          currency: index === 0 ? bank.currencies[0] : currency,
          nickname: ordinal === 0 ? name : `${name} ${ordinal + 1}`,
          mask: accountNumber.slice(-4),
          openingDate: new Date(Date.UTC(2012 + pick(10, key, 5), pick(12, key, 6), 1 + pick(28, key, 7))).toISOString().slice(0, 10),
          sortCode: String(100_000 + (mix(key, 8) % 900_000)),
          accountNumber,
          creditLimitMinor,
          openingBalanceMinor:
            k.kind === 'checking' ? 150_000 + pick(300_000, key, 9) : k.kind === 'savings' ? 500_000 + pick(2_000_000, key, 9) : -pick(80_000, key, 9),
          key,
        });
      }
    }
  }
  return out;
}
