/** Plain data that crosses from the main process to the renderer. Money is integer minor units. */

export interface AppInfoDTO {
  mode: 'electron' | 'browser';
  version: string;
  dataDir: string;
  /** How refresh tokens are protected at rest, in plain words for the user. */
  vault: { kind: string; available: boolean; protectsAgainst: string; problem: string | null };
}

export interface ProviderDTO {
  id: string;
  name: string;
  issuer: string;
  color: string;
  logoText: string;
  tagline: string | null;
  scopes: string[];
  custom: boolean;
}

export interface LinkStartedDTO {
  linkId: string;
  providerId: string;
  /** Shown so the user can copy it if the browser did not open. */
  authorizationUrl: string;
}

export type ConnectionStatus = 'ok' | 'syncing' | 'needs_reauth' | 'error';

export interface ConnectionDTO {
  id: string;
  providerId: string;
  providerName: string;
  color: string;
  status: ConnectionStatus;
  statusReason: string | null;
  identity: { sub: string; name: string | null } | null;
  scopes: string[];
  consentExpiresAt: string | null;
  lastSyncAt: string | null;
  accountCount: number;
  createdAt: string;
}

export type AccountType = 'checking' | 'savings' | 'credit_card' | 'loan' | 'other';

export interface AccountDTO {
  id: string;
  connectionId: string;
  providerId: string;
  providerName: string;
  name: string;
  type: AccountType;
  currency: string;
  mask: string | null;
  balanceMinor: number | null;
  balanceAt: string | null;
}

export interface MoneyDTO {
  currency: string;
  minor: number;
}

export interface BankBalancesDTO {
  providerId: string;
  providerName: string;
  color: string;
  accounts: AccountDTO[];
  totals: MoneyDTO[];
}

export interface CategoryDTO {
  id: string;
  name: string;
  kind: 'expense' | 'income' | 'transfer';
  color: string;
}

export interface RuleDTO {
  id: string;
  field: 'merchant' | 'description';
  op: 'contains' | 'equals';
  value: string;
  categoryId: string;
  createdAt: string;
}

export interface TransactionDTO {
  id: string;
  accountId: string;
  accountName: string;
  providerName: string;
  bookingDate: string;
  valueDate: string | null;
  amountMinor: number;
  currency: string;
  description: string;
  merchant: string | null;
  status: 'booked' | 'pending';
  categoryId: string | null;
  categoryName: string | null;
  categoryManual: boolean;
}

export interface TransactionPageDTO {
  rows: TransactionDTO[];
  nextCursor: string | null;
  total: number;
}

export interface NetWorthSeriesDTO {
  currency: string;
  points: { date: string; minor: number }[];
}

export interface SpendingByCategoryDTO {
  currency: string;
  items: { categoryId: string | null; name: string; color: string; minor: number }[];
}

export interface SpendingTrendPointDTO {
  month: string;
  currency: string;
  categoryId: string | null;
  name: string;
  minor: number;
}

export interface IncomeExpensePointDTO {
  month: string;
  currency: string;
  incomeMinor: number;
  expensesMinor: number;
}

export interface MerchantTotalDTO {
  merchant: string;
  currency: string;
  minor: number;
  count: number;
}

export interface SyncRunDTO {
  id: number;
  connectionId: string;
  startedAt: string;
  finishedAt: string | null;
  outcome: 'running' | 'ok' | 'error' | 'cancelled';
  accounts: number;
  transactionsSeen: number;
  transactionsAdded: number;
  transactionsUpdated: number;
  transactionsRemoved: number;
  error: string | null;
}
