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
  /** Added by the user (by its address), not from MyBucks' catalog of banks. */
  custom: boolean;
  /** Where MyBucks reads the account data (the user may correct it). */
  apiBase: string;
  /** The bank's page where a customer can see and revoke the apps that have access, when known. */
  connectedAppsUrl: string | null;
  /** How the browser comes back to MyBucks, in plain words (e.g. "any local port", "ports 53682–53684"). */
  redirectSummary: string;
  // Desktop (issue 13)
  /** The bank sends the browser back to com.mybucks.app:… (RFC 8252 §7.1), which only the desktop app receives. */
  desktopOnly?: boolean;
}

/** What MyBucks found at an issuer address before adding it as a bank (the "check" step). */
export interface ProviderCheckDTO {
  /** The issuer as the bank states it. */
  issuer: string;
  /** A name to suggest (the address's host). */
  suggestedName: string;
  /** Set when this issuer is already one of the user's banks. */
  existingProviderId: string | null;
  /** The Open Banking API base MyBucks will use unless the user gives another. */
  apiBase: string;
  supports: {
    pkceS256: boolean;
    /** Pushed authorization requests (RFC 9126): required by the bank, offered, or not offered. */
    par: 'required' | 'offered' | 'no';
    /** DPoP-bound tokens (RFC 9449) with ES256. */
    dpop: boolean;
    /** The bank says which issuer answered in every sign-in response (RFC 9207). */
    iss: boolean;
    /** MyBucks can register itself with the bank (RFC 7591); otherwise a client ID is needed. */
    registration: boolean;
    revocation: boolean;
  };
  /** Things that stop linking or that the user should know, in plain words; empty when all is well. */
  problems: string[];
}

export interface DisconnectResultDTO {
  /** The bank confirmed it revoked MyBucks' access (RFC 7009). */
  revokedAtBank: boolean;
  /** When not revoked: what happened and what to do, for the user. */
  message: string | null;
  /** The bank's page where the user can revoke the access themselves, when known. */
  revokeUrl: string | null;
}

export interface LinkStartedDTO {
  linkId: string;
  providerId: string;
  /** Shown so the user can copy it if the browser did not open. */
  authorizationUrl: string;
  /** When the link stops waiting for the bank's answer (ISO 8601). */
  expiresAt: string;
  /** MyBucks handed the address to the browser; false: the user must open it themselves. */
  browserOpened: boolean;
}

export type ConnectionStatus = 'ok' | 'syncing' | 'needs_reauth' | 'error';

export interface ConnectionDTO {
  id: string;
  providerId: string;
  providerName: string;
  color: string;
  status: ConnectionStatus;
  statusReason: string | null;
  /** What the user can do about the status: link again, correct the bank's API address, or just sync again. */
  suggestedAction: 'reauthorize' | 'change_api_base' | 'sync_again' | null;
  identity: { sub: string; name: string | null } | null;
  scopes: string[];
  consentExpiresAt: string | null;
  lastSyncAt: string | null;
  accountCount: number;
  createdAt: string;
}

export type AccountType = 'checking' | 'savings' | 'credit_card' | 'loan' | 'other';
export type AccountGroup = 'cash' | 'savings' | 'credit' | 'loans' | 'investments' | 'property' | 'other';

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
  /** The name the user gave it, shown instead of `name` (the bank's) when set. */
  displayName: string | null;
  /** How the account is grouped and counted: credit and loans are liabilities. */
  group: AccountGroup;
  liability: boolean;
  hidden: boolean;
  closedAt: string | null;
  /** Added and valued by hand (no bank behind it). */
  manual: boolean;
  sortOrder: number | null;
  /** When MyBucks last re-read this account's whole history and compared it with the bank's (deep reconciliation). */
  lastVerifiedAt: string | null;
  /** What that comparison found, in words ("matched the bank", "repaired 2 changed transactions"), or null before the first. */
  verification: { matched: boolean; summary: string } | null;
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
  /** The other side when this is a transfer between the user's own accounts. */
  transfer: { pairedWithId: string; accountName: string; method: 'auto' | 'manual' } | null;
  /** The account's balance after this transaction, when the list is one account's booked rows by date. */
  runningBalanceMinor: number | null;
}

export interface TransactionPageDTO {
  rows: TransactionDTO[];
  nextCursor: string | null;
  total: number;
  /** The sum of every row that matches the filter (not just this page), per currency. */
  totals: MoneyDTO[];
}

export interface NetWorthSeriesDTO {
  currency: string;
  points: { date: string; minor: number }[];
}

export interface SpendingByCategoryDTO {
  currency: string;
  /** `previousMinor`: the same category over the period of the same length just before (month over month). */
  items: { categoryId: string | null; name: string; color: string; minor: number; previousMinor: number }[];
  /** Pending spending in the period, not in `items` (they count booked rows only). */
  pendingMinor: number;
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
  /** Transfers between the user's own accounts this run paired. */
  transfersPaired: number;
  error: string | null;
}

/** A backup file: a complete copy of the MyBucks database (never a bank sign-in). */
export interface BackupDTO {
  path: string;
  createdAt: string;
  bytes: number;
  /** 'automatic': the daily one (only these are rotated); 'manual': made by the user; 'before-restore': the data just before a restore. */
  kind: 'automatic' | 'manual' | 'before-restore';
}

export interface BackupInspectionDTO {
  path: string;
  /** Whether MyBucks can restore it (integrity check passed, a schema version this app can read). */
  restorable: boolean;
  /** Why not (when `restorable` is false), or what to know before restoring (an older version, connections to link again), in plain words. */
  problems: string[];
  /** The backup's database version (`PRAGMA user_version`); 0 when it could not be read. */
  schemaVersion: number;
  /** What the backup holds. */
  contains: { connections: { providerName: string; name: string | null }[]; accounts: number; transactions: number; newestTransaction: string | null };
  /** What is in MyBucks now and would be replaced. */
  replaces: { connections: number; accounts: number; transactions: number };
}

export interface RestoreResultDTO {
  restoredFrom: string;
  /** The database as it was just before the restore, so the restore itself can be undone. */
  safetyBackup: BackupDTO;
  /** Connections whose bank sign-in is not on this computer (restored elsewhere): link them again. */
  needsReauthorization: number;
}

export interface BackupSettingsDTO {
  automatic: boolean;
  /** How many automatic (daily) backups are kept. */
  keep: number;
  folder: string;
  lastAutomaticAt: string | null;
}

export interface ExportResultDTO {
  /** The JSON file, or the folder holding the CSV files. */
  path: string;
  /** Each file written (one for JSON, whose `rows` counts all its records). */
  files: { name: string; rows: number; bytes: number }[];
}

export interface RatesStatusDTO {
  /** The day of the newest rates in use, and where they come from. */
  asOf: string | null;
  source: 'ecb' | 'manual' | 'none';
  fetchedAt: string | null;
  /** Why rates could not be refreshed (offline...), in plain words; null when they are current. */
  problem: string | null;
}

export interface CurrencySettingsDTO {
  /** Null until the user chooses one (first run). */
  homeCurrency: string | null;
  /** Currencies of the user's accounts. */
  currenciesInUse: string[];
  rates: RatesStatusDTO;
  manualRates: { currency: string; homePerUnit: number; day: string }[];
}

export interface MoneyInHomeDTO {
  currency: string;
  assetsMinor: number;
  liabilitiesMinor: number;
  netMinor: number;
}

export interface NetWorthSummaryDTO extends MoneyInHomeDTO {
  /** Per account currency, in that currency, with the rate used (null for the home currency itself). */
  byCurrency: (MoneyInHomeDTO & { homePerUnit: number | null; rateDay: string | null; rateSource: 'ecb' | 'manual' | null })[];
  /** e.g. "Rates from 28 Nov 2026 (ECB)"; says when a currency has no rate and is left out. */
  ratesNote: string;
  /** Currencies left out because no rate is known (never an invented rate). */
  unconverted: string[];
}

export interface NetWorthHomeDTO {
  currency: string;
  points: { date: string; assetsMinor: number; liabilitiesMinor: number; netMinor: number }[];
  ratesNote: string;
  unconverted: string[];
}

export interface CashFlowDTO {
  currency: string;
  incomeMinor: number;
  /** Spending (booked, transfers left out). */
  expensesMinor: number;
  /** income - expenses; negative when more went out than came in. */
  savedMinor: number;
  /** saved / income, null without income. */
  savingsRate: number | null;
  previous: { incomeMinor: number; expensesMinor: number };
  income: { categoryId: string | null; name: string; minor: number }[];
  spending: { categoryId: string | null; name: string; color: string; minor: number }[];
}

export interface AccountHistoryDTO {
  accountId: string;
  currency: string;
  points: { date: string; minor: number }[];
}

// Desktop (issue 13)
export type NotificationKind = 'sync-failed' | 'consent-expiring' | 'needs-reauth';

/** Which notifications MyBucks sends outside its window (each on by default). */
export interface NotificationSettingsDTO {
  syncFailed: boolean;
  consentExpiring: boolean;
  needsReauth: boolean;
}

/** What the native menu asks the window to do. */
export type MenuCommand = 'sync-now' | 'search' | 'settings';

/** The desktop app's own behaviour (not used in browser mode). */
export interface DesktopSettingsDTO {
  /** Keep running, and syncing, when the window is closed (tray icon on Windows and Linux, the dock on macOS). */
  runInBackground: boolean;
  /** Start MyBucks, in the background, when the user signs in to the computer. Off by default. */
  startAtLogin: boolean;
}

/** The app lock: off by default; when on, a passcode (or Touch ID on macOS) before figures are shown. */
export interface LockStatusDTO {
  enabled: boolean;
  /** Figures are hidden until the user unlocks. */
  locked: boolean;
  /** Lock after this many minutes without input in the window (null when off). */
  idleMinutes: number | null;
  /** Touch ID can unlock (macOS with a sensor). */
  touchId: boolean;
}
