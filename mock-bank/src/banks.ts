/** The simulated banks and their test users. Bank-specific knowledge lives here as data. */
import { resolveBehaviour } from './behaviour';

export interface BankDef {
  id: string;
  name: string;
  tagline: string;
  /** Brand colour (hex) used by the bank's pages and by MyBucks' bank picker. */
  color: string;
  /** Two-letter mark shown in place of a logo. */
  logoText: string;
  /** Currencies of the accounts this bank opens; the first is the default. */
  currencies: string[];
  /** Behaviour profiles (mock-bank/src/behaviour.ts) the bank plays unless told otherwise; empty = strict. */
  profile: string[];
}

export const BANKS: BankDef[] = [
  {
    id: 'memorial',
    name: 'Memorial Bank',
    tagline: 'Serving families since 1898',
    color: '#1f4e8c',
    logoText: 'MB',
    currencies: ['GBP'],
    profile: [],
  },
  {
    id: 'harbor',
    name: 'Harbor Credit Union',
    tagline: 'Member-owned, harbor-strong',
    color: '#0f7b6c',
    logoText: 'HC',
    currencies: ['USD'],
    profile: [],
  },
  {
    id: 'summit',
    name: 'Summit Savings',
    tagline: 'Reach your peak',
    color: '#8a3ffc',
    logoText: 'SS',
    currencies: ['GBP', 'EUR'],
    profile: ['par-required'],
  },
  {
    id: 'northwind',
    name: 'Northwind Bank',
    tagline: 'Banking for the long haul',
    color: '#b5472a',
    logoText: 'NW',
    currencies: ['GBP'],
    profile: ['relaxed'],
  },
];

export interface TestUser {
  username: string;
  password: string;
  name: string;
  /** Banks where this user is a customer. */
  banks: string[];
  /** Accounts per bank this user holds (the generator decides types and currencies). */
  accountsPerBank: number;
  locked?: boolean;
  /** Shown on the login page so developers know what each user is for. */
  purpose: string;
}

export const TEST_PASSWORD = 'mybucks-demo';

export const TEST_USERS: TestUser[] = [
  {
    username: 'sarah',
    password: TEST_PASSWORD,
    name: 'Sarah Thompson',
    banks: ['memorial', 'harbor', 'summit', 'northwind'],
    accountsPerBank: 3,
    purpose: 'The product story: checking, savings and a credit card at every bank.',
  },
  {
    username: 'tom',
    password: TEST_PASSWORD,
    name: 'Tom Okafor',
    banks: ['memorial', 'summit', 'northwind'],
    accountsPerBank: 2,
    purpose: 'A second customer, to prove one user never sees another user\'s data.',
  },
  {
    username: 'empty',
    password: TEST_PASSWORD,
    name: 'Erin Empty',
    banks: ['memorial', 'harbor', 'summit', 'northwind'],
    accountsPerBank: 0,
    purpose: 'A customer with no accounts.',
  },
  {
    username: 'mogul',
    password: TEST_PASSWORD,
    name: 'Max Mogul',
    banks: ['memorial', 'harbor', 'summit', 'northwind'],
    accountsPerBank: 24,
    purpose: 'A customer with many accounts.',
  },
  {
    username: 'locked',
    password: TEST_PASSWORD,
    name: 'Lee Locked',
    banks: ['memorial', 'harbor', 'summit', 'northwind'],
    accountsPerBank: 1,
    locked: true,
    purpose: 'A locked online-banking profile: sign-in is refused.',
  },
];

export function findBank(id: string): BankDef | undefined {
  return BANKS.find((b) => b.id === id);
}

export function usersAt(bankId: string): TestUser[] {
  return TEST_USERS.filter((u) => u.banks.includes(bankId));
}

/** OAuth scopes MyBucks asks for and what the bank's consent page says about each. */
export const API_SCOPES = {
  accounts: 'See the list of your accounts (names and types, not account numbers)',
  balances: 'View your account balances',
  transactions: 'View your transaction history',
} as const;
export type ApiScope = keyof typeof API_SCOPES;

/** UK Open Banking permissions each scope stands for. */
export const SCOPE_PERMISSIONS: Record<ApiScope, string[]> = {
  accounts: ['ReadAccountsBasic'],
  balances: ['ReadBalances'],
  transactions: ['ReadTransactionsBasic', 'ReadTransactionsDetail', 'ReadTransactionsCredits', 'ReadTransactionsDebits'],
};

/** The loopback ports MyBucks' redirect URIs are registered with at banks that match ports exactly. */
export const MYBUCKS_LOOPBACK_PORTS = [53682, 53683, 53684] as const;

/** The public native client pre-registered at every bank for the MyBucks desktop app. */
export const MYBUCKS_CLIENT = {
  clientId: 'mybucks-desktop',
  name: 'MyBucks',
  website: 'https://mybucks.example.com',
  /**
   * Loopback redirects at a bank: `http://127.0.0.1/cb/<bankId>` where any port is accepted (RFC 8252 §7.3), one
   * per MYBUCKS_LOOPBACK_PORTS where the bank's baseline profile matches ports exactly.
   */
  redirectUris(bank: BankDef): string[] {
    if (resolveBehaviour(bank.profile).loopbackPorts === 'any') return [`http://127.0.0.1/cb/${bank.id}`];
    return MYBUCKS_LOOPBACK_PORTS.map((port) => `http://127.0.0.1:${port}/cb/${bank.id}`);
  },
};
