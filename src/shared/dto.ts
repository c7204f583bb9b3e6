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
  /** Left out of the category pickers; its transactions still count and show. */
  hidden?: boolean;
  /** Built in: can be renamed, recoloured and hidden, not merged away. */
  builtin?: boolean;
}

/**
 * A rule: every condition given must hold (null = not a condition); enabled rules are tried by `position`, and
 * the first that sets a category decides it (the first that renames, the payee shown).
 */
export interface RuleDTO {
  id: string;
  field: 'merchant' | 'description' | null;
  op: 'contains' | 'equals' | null;
  value: string | null;
  /** The size of the amount (either direction) in `amountCurrency`, inclusive. */
  minAmountMinor: number | null;
  maxAmountMinor: number | null;
  amountCurrency: string | null;
  accountId: string | null;
  bankTxCode: string | null;
  categoryId: string | null;
  /** Shown instead of the merchant in the transaction list; the bank's own text is kept. */
  payeeName: string | null;
  /** Puts matching transactions in the Transfers category (neither income nor spending). */
  markTransfer: boolean;
  enabled: boolean;
  position: number;
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
  transfer: { pairedWithId: string; accountName: string; providerName: string; method: 'auto' | 'manual' } | null;
  /** The account's balance after this transaction, when the list is one account's booked rows by date. */
  runningBalanceMinor: number | null;
  /** The payee name a rule gives (the merchant the bank sent stays in `merchant`). */
  payeeName?: string | null;
  /** The parts when the user split this transaction across categories. */
  split?: SplitDTO | null;
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

// Import (issue 12)
export type ImportFormat = 'ofx' | 'qif' | 'csv' | 'camt.053' | 'camt.052';

/** Which column (0-based) holds what in a CSV statement, and how its dates and amounts are written. */
export interface ImportCsvMappingDTO {
  date: number;
  valueDate?: number;
  amount?: number;
  debit?: number;
  credit?: number;
  description: number;
  payee?: number;
  reference?: number;
  currency?: number;
  /** A column holding the bank's own id for each row. */
  id?: number;
  dateFormat: string;
  decimalSeparator: '.' | ',';
  thousandsSeparator?: '' | ',' | '.' | ' ' | "'";
  defaultCurrency: string;
  skipRows?: number;
  invertSign?: boolean;
  delimiter?: string;
}

/** What MyBucks found in a CSV file, for the mapping step. */
export interface ImportCsvDTO {
  delimiter: string;
  hasHeader: boolean;
  headers: string[];
  sampleRows: string[][];
  dateFormats: string[];
  decimalSeparator: '.' | ',';
  /** The mapping to show: the one confirmed for this account last time, else MyBucks' guess. */
  mapping: ImportCsvMappingDTO;
  /** `mapping` is the one the user confirmed for this account before (and the preview already uses it). */
  saved: boolean;
}

export interface ImportRowDTO {
  /** Position in the file's rows; decisions refer to it. */
  index: number;
  /** Where in the file: a line or an element. */
  where: string;
  bookingDate: string;
  amountMinor: number;
  currency: string;
  description: string;
  payee: string | null;
  status: 'booked' | 'pending';
}

/** A stored row a file's row may be (or is) the same transaction as. */
export interface ImportMatchDTO {
  transactionId: string;
  bookingDate: string;
  amountMinor: number;
  currency: string;
  description: string;
  merchant: string | null;
  source: 'bank' | 'import';
  /** Text similarity 0..1. */
  similarity: number;
}

export interface ImportPreviewDTO {
  previewId: string;
  expiresAt: string;
  fileName: string;
  format: ImportFormat;
  /** CSV: the columns are still to be confirmed; counts and rows are empty until then. */
  needsMapping: boolean;
  csv: ImportCsvDTO | null;
  /** The account as the file describes it. */
  fileAccount: { accountId: string | null; name: string | null; currency: string | null };
  /** A file holding several statements: each one's account, in file order, and the one this preview reads. */
  statements: { accounts: { accountId: string | null; name: string | null; currency: string | null }[]; chosen: number } | null;
  /** Where the rows go: an existing account, or a manual account made at commit. */
  target: { accountId: string | null; name: string; currency: string };
  counts: { total: number; new: number; duplicate: number; ambiguous: number };
  /** The first rows of each kind (all ambiguous ones, up to a limit). */
  newRows: ImportRowDTO[];
  duplicates: (ImportRowDTO & { reason: 'same_key' | 'match'; match: ImportMatchDTO | null })[];
  ambiguous: (ImportRowDTO & { candidates: ImportMatchDTO[] })[];
  warnings: string[];
  /** This very file (same bytes) was imported into the account before and not removed. */
  importedBefore: { importId: string; at: string } | null;
}

export interface ImportResultDTO {
  /** Null when nothing was added (no import is recorded). */
  importId: string | null;
  accountId: string;
  accountName: string;
  added: number;
  duplicates: number;
  skipped: number;
  /** What happened, in a sentence. */
  message: string;
}

export interface ImportBatchDTO {
  id: string;
  accountId: string;
  accountName: string;
  fileName: string;
  format: ImportFormat;
  createdAt: string;
  rowsInFile: number;
  added: number;
  duplicates: number;
  skipped: number;
  undoneAt: string | null;
}

// Budgets (issue 11)
export interface CategoryGroupDTO {
  id: string;
  name: string;
  sortOrder: number;
  /** Its categories (of every kind), by name. */
  categoryIds: string[];
}

/** Spending a budget counts: money out, booked and pending, transfers left out. */
export interface BudgetSpentDTO {
  /** In the budget's currency: booked + pending, and the pending part of it. */
  totalMinor: number;
  pendingMinor: number;
  /** Per currency spent in: in that currency, what is counted of it in the budget's currency, and what is left out for want of a rate. */
  byCurrency: { currency: string; minor: number; pendingMinor: number; convertedMinor: number; unconvertedMinor: number }[];
}

export interface BudgetPaceDTO {
  /** The month's spending if it goes on at the rate of the days so far. */
  projectedMinor: number;
  elapsedDays: number;
  daysInMonth: number;
}

export interface BudgetLineDTO {
  /** Null: uncategorised spending (it cannot have a budget). */
  categoryId: string | null;
  name: string;
  color: string;
  /** This month's amount; null when none is set. */
  budgetedMinor: number | null;
  /** Carried in from last month (surplus positive, overspending negative); 0 without carry-over. */
  carryInMinor: number;
  /** Whether this month's leftover carries into next month. */
  carryOver: boolean;
  /** Has an amount this month or money carried in (without either, its spending is "not budgeted", not "over"). */
  budgeted: boolean;
  /** budgeted + carried in. */
  availableMinor: number;
  spent: BudgetSpentDTO;
  /** available - spent; negative when over. */
  leftMinor: number;
  pace: BudgetPaceDTO | null;
}

export interface BudgetGroupDTO {
  /** Null: the categories in no group. */
  groupId: string | null;
  name: string;
  /** The group's own amount for the month (a cap over its categories); null when none is set. */
  budgetedMinor: number | null;
  /** The sum of its categories' available amounts. */
  categoriesAvailableMinor: number;
  /** The group's own amount when set, else its categories' available amounts. */
  availableMinor: number;
  /** All its spending. */
  spent: BudgetSpentDTO;
  /** The part a budget covers: all of it under the group's own amount, else its budgeted categories' spending. */
  budgetedSpentMinor: number;
  /** available - budgeted spent: spending in categories without a budget is not "over". */
  leftMinor: number;
  /** Of the budgeted spending. */
  pace: BudgetPaceDTO | null;
  lines: BudgetLineDTO[];
}

/** A budget's currency: every currency converted into it at each day's rate, or spending in it only. */
export interface BudgetBookDTO {
  currency: string;
  allCurrencies: boolean;
}

export interface BudgetMonthDTO {
  month: string;
  book: BudgetBookDTO;
  /** The user's home currency (the default book counts every currency in it). */
  homeCurrency: string;
  /** The books the user can choose: all currencies in the home currency, and each currency in use on its own. */
  books: BudgetBookDTO[];
  state: 'past' | 'current' | 'future';
  groups: BudgetGroupDTO[];
  /** spent: all spending; budgetedSpentMinor: the part budgets cover (left and pace are of it). */
  totals: { availableMinor: number; spent: BudgetSpentDTO; budgetedSpentMinor: number; leftMinor: number; pace: BudgetPaceDTO | null };
  /** Spending left out for want of an exchange rate, per currency, and what to do, in words; empty when none. */
  unconverted: { currency: string; minor: number }[];
  ratesNote: string;
}

export interface BudgetYearDTO {
  year: number;
  book: BudgetBookDTO;
  months: string[];
  rows: {
    categoryId: string | null;
    name: string;
    groupName: string | null;
    cells: { month: string; budgetedMinor: number | null; spentMinor: number }[];
  }[];
  totals: { month: string; budgetedMinor: number; spentMinor: number }[];
  unconverted: { currency: string; minor: number }[];
  ratesNote: string;
}

// Categories and rules (issue 11)
export interface SplitPartDTO {
  categoryId: string | null;
  categoryName: string | null;
  color: string | null;
  amountMinor: number;
}

export interface SplitDTO {
  parts: SplitPartDTO[];
  /** The bank changed the transaction's amount since it was split: the parts no longer count until split again. */
  needsAttention: boolean;
  /** The amount the parts add up to (the transaction's amount when it was split). */
  splitAmountMinor: number;
}

export interface RulePreviewDTO {
  /** Transactions the rule matches, and of them those whose category or payee would change (never manual choices). */
  matches: number;
  changes: number;
  /** The first changes, newest first. */
  rows: { transaction: TransactionDTO; fromCategoryName: string | null; toCategoryName: string | null; payeeName: string | null }[];
}

export interface RuleMatchCountDTO {
  ruleId: string;
  matches: number;
}

export interface CategoryUsageDTO {
  categoryId: string;
  transactions: number;
  rules: number;
}

export interface BulkCategoriseResultDTO {
  updated: number;
  /** What each changed row had before, to undo the change in one step. */
  undo: { transactionId: string; categoryId: string | null; manual: boolean }[];
}

// Recurring bills (issue 11)
export type RecurringCadence = 'weekly' | 'fortnightly' | 'monthly' | 'quarterly' | 'yearly';

/** A recurring bill, subscription or income found in the history (suggested) or kept by the user (confirmed). */
export interface RecurringSeriesDTO {
  id: string;
  status: 'suggested' | 'confirmed';
  name: string;
  accountId: string;
  accountName: string;
  currency: string;
  /** 'out': a bill or subscription; 'in': income such as a salary. */
  direction: 'out' | 'in';
  cadence: RecurringCadence;
  /** The amount each occurrence is expected to be (a magnitude; the recent average when it varies). */
  expectedMinor: number;
  /** The amount varies from one occurrence to the next (energy, water). */
  variable: boolean;
  /** expectedMinor times the occurrences in a year. */
  yearlyMinor: number;
  firstDay: string;
  lastDay: string;
  /** The next expected day (the one missed when `state` is 'missed'). */
  nextDay: string;
  /** 'missed': the next occurrence is overdue; 'ended': it stopped (two occurrences did not come). */
  state: 'active' | 'missed' | 'ended';
  /** Started within about two of its intervals. */
  isNew: boolean;
  priceRise: { fromMinor: number; toMinor: number } | null;
  /** Transactions linked to it (what its drill-down lists). */
  occurrences: number;
}

export interface RecurringOccurrenceDTO {
  seriesId: string;
  name: string;
  day: string;
  amountMinor: number;
  currency: string;
  direction: 'out' | 'in';
  /** Paid: a linked transaction on that day; otherwise expected. */
  paid: boolean;
  suggested: boolean;
}

export interface RecurringOverviewDTO {
  today: string;
  /** Every series not dismissed: suggestions first, then by next day. */
  series: RecurringSeriesDTO[];
  /** Paid and expected occurrences from the first day of this month to the last day of next month. */
  occurrences: RecurringOccurrenceDTO[];
  /** Per month (this one and the next) and currency: bills out and income in, paid and expected, ended series left out. */
  monthTotals: { month: string; currency: string; billsMinor: number; incomeMinor: number }[];
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

// Import progress (issue 12)
/**
 * How far a long import step is: reading the file (bytes), checking its rows for duplicates, writing them (rows).
 * `id` is what the renderer knows the import by at that step: the upload id (or the file's path in the desktop
 * app) while the preview is made, the preview id while it is written.
 */
export interface ImportProgressDTO {
  id: string;
  phase: 'read' | 'check' | 'write';
  done: number;
  total: number;
}
