/**
 * The one contract between the renderer and the main process. The preload script (IPC) and the
 * browser-mode HTTP bridge both expose exactly these methods; every argument is validated with the
 * schema below where it enters the main process. Nothing here may hold a token or a secret.
 */
import { z } from 'zod';
import { CATEGORY_COLORS } from './category-palette';
import type {
  AccountDTO,
  AppInfoDTO,
  BackupDTO,
  BackupInspectionDTO,
  BackupSettingsDTO,
  ExportResultDTO,
  RestoreResultDTO,
  AccountHistoryDTO,
  BankBalancesDTO,
  CashFlowDTO,
  CurrencySettingsDTO,
  NetWorthHomeDTO,
  NetWorthSummaryDTO,
  TransactionDTO,
  CategoryDTO,
  ConnectionDTO,
  IncomeExpensePointDTO,
  LinkStartedDTO,
  MerchantTotalDTO,
  NetWorthSeriesDTO,
  DisconnectResultDTO,
  ProviderCheckDTO,
  ProviderDTO,
  RuleDTO,
  SpendingByCategoryDTO,
  SpendingTrendPointDTO,
  SyncRunDTO,
  TransactionPageDTO,
  ImportBatchDTO,
  ImportPreviewDTO,
  ImportResultDTO,
  BulkCategoriseResultDTO,
  CategoryUsageDTO,
  RuleMatchCountDTO,
  RulePreviewDTO,
  // Recurring bills (issue 11)
  RecurringOverviewDTO,
} from './dto';
// Budgets (issue 11)
import type { BudgetMonthDTO, BudgetYearDTO, CategoryGroupDTO } from './dto';
import { budgetSchemas } from './budget-schemas';
import type { DesktopSettingsDTO, ImportProgressDTO, LockStatusDTO, MenuCommand, NotificationKind, NotificationSettingsDTO } from './dto';

const id = z.string().min(1).max(200);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');
const dateRange = z.object({ from: isoDate, to: isoDate });
const httpUrl = z.url({ protocol: /^https?$/ }).max(2000);
const filePath = z.string().min(1).max(4096);
const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code like GBP');
const accountGroup = z.enum(['cash', 'savings', 'credit', 'loans', 'investments', 'property', 'other']);

export const transactionQuerySchema = z.object({
  search: z.string().max(200).optional(),
  accountIds: z.array(id).max(500).optional(),
  categoryIds: z.array(id).max(500).optional(),
  uncategorised: z.boolean().optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  minAmountMinor: z.number().int().optional(),
  maxAmountMinor: z.number().int().optional(),
  status: z.enum(['booked', 'pending']).optional(),
  /** Exactly this merchant (a drill-down from top merchants). */
  merchant: z.string().min(1).max(350).optional(),
  currency: currencyCode.optional(),
  /** Money in or money out only; amounts filters then apply to the size of the amount. */
  direction: z.enum(['in', 'out']).optional(),
  /** Leave out paired transfers between the user's own accounts (as spending and income figures do). */
  excludeTransfers: z.boolean().optional(),
  sort: z.enum(['date_desc', 'date_asc', 'amount_desc', 'amount_asc']).default('date_desc'),
  cursor: z.string().max(500).nullable().optional(),
  /** Where the page starts in the sorted, filtered list; for jumps. Not together with `cursor`. */
  offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  limit: z.number().int().min(1).max(500).default(100),
  // Recurring bills (issue 11)
  /** Exactly the transactions linked to this recurring series (its drill-down). */
  recurringSeriesId: id.optional(),
});
export type TransactionQuery = z.input<typeof transactionQuerySchema>;

/** A rule's conditions (every one given must hold) and actions; `checkRule` says what a rule needs. */
const ruleFields = z.object({
  field: z.enum(['merchant', 'description']).optional(),
  op: z.enum(['contains', 'equals']).default('contains'),
  value: z.string().trim().min(1).max(200).optional(),
  /** The size of the amount (either direction), inclusive, in amountCurrency's minor units. */
  minAmountMinor: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  maxAmountMinor: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  amountCurrency: currencyCode.optional(),
  accountId: id.optional(),
  bankTxCode: z.string().trim().min(1).max(100).optional(),
  categoryId: id.optional(),
  payeeName: z.string().trim().min(1).max(200).optional(),
  markTransfer: z.boolean().optional(),
  /** Default true. */
  enabled: z.boolean().optional(),
  applyToExisting: z.boolean().default(true),
});
function checkRule(r: z.output<typeof ruleFields>, ctx: z.RefinementCtx): void {
  const issue = (message: string, path: string) => ctx.addIssue({ code: 'custom', message, path: [path] });
  if (r.value !== undefined && r.field === undefined) issue('say whether the text is looked for in the merchant or the description', 'field');
  if (r.field !== undefined && r.value === undefined) issue('give the text to look for', 'value');
  const amount = r.minAmountMinor !== undefined || r.maxAmountMinor !== undefined;
  if (r.value === undefined && !amount && r.accountId === undefined && r.bankTxCode === undefined) {
    issue('a rule needs at least one condition: text in the merchant or description, an amount range, an account or a bank transaction code', 'field');
  }
  if (amount && r.amountCurrency === undefined) issue('an amount range needs its currency, e.g. GBP', 'amountCurrency');
  if (!amount && r.amountCurrency !== undefined) issue('give a smallest or largest amount with the currency, or leave the currency out', 'amountCurrency');
  if (r.minAmountMinor !== undefined && r.maxAmountMinor !== undefined && r.minAmountMinor > r.maxAmountMinor) {
    issue('the smallest amount is above the largest: swap them', 'minAmountMinor');
  }
  if (r.categoryId === undefined && r.payeeName === undefined && !r.markTransfer) {
    issue('a rule needs an action: set a category, rename the payee or mark as transfer', 'categoryId');
  }
  if (r.categoryId !== undefined && r.markTransfer) issue('"mark as transfer" puts transactions in Transfers: leave the category out or untick it', 'categoryId');
}
export const ruleInputSchema = ruleFields.superRefine(checkRule);

/** Input schema for every call. A call with no input takes `z.void()`. */
export const apiSchemas = {
  getAppInfo: z.void(),
  listProviders: z.void(),
  checkProvider: z.object({ issuer: httpUrl }),
  addProvider: z.object({
    issuer: httpUrl,
    displayName: z.string().min(1).max(100).optional(),
    /** For banks that issued MyBucks a client ID (and, for some, a secret) instead of letting it register. */
    clientId: z.string().min(1).max(200).optional(),
    clientSecret: z.string().min(1).max(500).optional(),
    /** The bank's Open Banking API base, when it is not `<issuer>/open-banking/v4.0/aisp`. */
    apiBase: httpUrl.optional(),
  }),
  updateProvider: z.object({ providerId: id, displayName: z.string().min(1).max(100).optional(), apiBase: httpUrl.optional() }),
  removeProvider: z.object({ providerId: id }),
  startLink: z.object({ providerId: id, reauthorizeConnectionId: id.optional() }),
  cancelLink: z.object({ linkId: id }),
  listConnections: z.void(),
  syncNow: z.object({ connectionId: id.optional() }),
  /** A full re-read of the bank's history (deep reconciliation), for one connection or all. */
  verifyNow: z.object({ connectionId: id.optional() }),
  cancelSync: z.object({ connectionId: id }),
  disconnect: z.object({ connectionId: id, keepData: z.boolean() }),
  listAccounts: z.void(),
  listCategories: z.void(),
  listRules: z.void(),
  createRule: ruleInputSchema,
  deleteRule: z.object({ ruleId: id }),
  listTransactions: transactionQuerySchema.refine((q) => !(q.cursor && q.offset !== undefined), {
    message: 'Give a cursor or an offset, not both',
    path: ['offset'],
  }),
  setTransactionCategory: z.object({ transactionId: id, categoryId: id.nullable() }),
  exportTransactionsCsv: transactionQuerySchema.omit({ cursor: true, offset: true, limit: true }),
  netWorth: dateRange.extend({ granularity: z.enum(['day', 'month']).default('day') }),
  balancesByBank: z.void(),
  spendingByCategory: dateRange,
  spendingTrend: dateRange,
  incomeVsExpenses: dateRange,
  topMerchants: dateRange.extend({ limit: z.number().int().min(1).max(50).default(10) }),
  listSyncRuns: z.object({ connectionId: id.optional(), limit: z.number().int().min(1).max(100).default(20) }),
  /** Backups: SQLite online backups of the whole database (secrets are never in them). */
  listBackups: z.void(),
  /** Into the backups folder, or to `path` (a file the user picked). */
  createBackup: z.object({ path: filePath.optional() }),
  /** A native file dialog in the desktop app; `{ path: null }` where there is none (browser mode: the user types a path). */
  chooseFile: z.object({ purpose: z.enum(['save-backup', 'open-backup', 'export', 'import']), suggestedName: z.string().max(200).optional() }),
  /** What a backup holds and what restoring it would replace, after checking it (integrity, schema version). */
  inspectBackup: z.object({ path: filePath }),
  restoreBackup: z.object({ path: filePath }),
  getBackupSettings: z.void(),
  setBackupSettings: z.object({ automatic: z.boolean(), keep: z.number().int().min(1).max(90) }),
  /** Everything the user has in MyBucks (no secrets), as CSV files in a folder or one JSON file. */
  exportData: z.object({ format: z.enum(['csv', 'json']), path: filePath.optional() }),

  /** Home currency and exchange rates (ECB euro reference rates, cached; the user's manual rates). */
  getCurrencySettings: z.void(),
  setHomeCurrency: z.object({ currency: currencyCode }),
  /** 1 unit of `currency` = `homePerUnit` of the home currency, from `day` (default today) until another rate. */
  setManualRate: z.object({ currency: currencyCode, homePerUnit: z.number().positive().max(1e9), day: isoDate.optional() }),
  deleteManualRate: z.object({ currency: currencyCode, day: isoDate }),
  refreshRates: z.void(),
  /** Net worth now in the home currency: assets, liabilities, and the per-currency detail. */
  netWorthSummary: z.void(),
  /** Net worth over time in the home currency, each day at that day's rates. */
  netWorthHome: dateRange.extend({ granularity: z.enum(['day', 'month']).default('day') }),

  /** Transfers between the user's own accounts. */
  pairTransfer: z.object({ outTransactionId: id, inTransactionId: id }),
  unpairTransfer: z.object({ transactionId: id }),
  /** Transactions that could be the other side of this one (other own accounts, opposite sign, a few days apart). */
  transferCandidates: z.object({ transactionId: id }),

  /** Month over month and where the money went. */
  cashFlow: dateRange,

  /** Accounts the user manages. */
  updateAccount: z.object({
    accountId: id,
    displayName: z.string().min(1).max(100).nullable().optional(),
    group: accountGroup.nullable().optional(),
    hidden: z.boolean().optional(),
    closed: z.boolean().optional(),
  }),
  reorderAccounts: z.object({ accountIds: z.array(id).min(1).max(1000) }),
  createManualAccount: z.object({
    name: z.string().min(1).max(100),
    group: accountGroup,
    currency: currencyCode,
    balanceMinor: z.number().int(),
    day: isoDate.optional(),
  }),
  setManualBalance: z.object({ accountId: id, balanceMinor: z.number().int(), day: isoDate }),
  accountHistory: z.object({ accountId: id, from: isoDate, to: isoDate }),

  // Import (issue 12)
  /**
   * A statement file's bytes, in chunks (browser mode and drag-and-drop, where there is no path): the first
   * chunk has no uploadId and names the file and its size; each answer says how much has arrived.
   */
  importUpload: z.object({
    uploadId: id.optional(),
    fileName: z.string().min(1).max(255),
    totalBytes: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    /** At most 512 KiB of the file, base64 (the bridge takes bodies up to 1 MB). */
    chunkBase64: z.string().max(700_000),
  }),
  /** Reads, checks and de-duplicates a statement without writing anything; the preview is kept for a while. */
  importPreview: z.object({
    source: z.union([z.object({ path: filePath }), z.object({ uploadId: id })]),
    target: z.union([
      z.object({ accountId: id }),
      z.object({
        newAccount: z.object({ name: z.string().trim().min(1).max(100).optional(), group: accountGroup.default('cash'), currency: currencyCode.optional() }),
      }),
    ]),
    format: z.enum(['ofx', 'qif', 'csv', 'camt.053', 'camt.052']).optional(),
    csvMapping: z
      .object({
        date: z.number().int().min(0).max(999),
        valueDate: z.number().int().min(0).max(999).optional(),
        amount: z.number().int().min(0).max(999).optional(),
        debit: z.number().int().min(0).max(999).optional(),
        credit: z.number().int().min(0).max(999).optional(),
        description: z.number().int().min(0).max(999),
        payee: z.number().int().min(0).max(999).optional(),
        reference: z.number().int().min(0).max(999).optional(),
        currency: z.number().int().min(0).max(999).optional(),
        id: z.number().int().min(0).max(999).optional(),
        dateFormat: z.string().min(1).max(40),
        decimalSeparator: z.enum(['.', ',']),
        thousandsSeparator: z.enum(['', ',', '.', ' ', "'"]).optional(),
        defaultCurrency: currencyCode,
        skipRows: z.number().int().min(0).max(1000).optional(),
        invertSign: z.boolean().optional(),
        delimiter: z.string().min(1).max(4).optional(),
      })
      .optional(),
    /** QIF files do not say how they write dates. */
    dateOrder: z.enum(['dmy', 'mdy', 'ymd']).optional(),
    /** Which statement of a file that holds several (0-based; default the first). */
    statement: z.number().int().min(0).max(999).optional(),
  }),
  /** Writes a preview's new rows, and the ambiguous ones the user chose to import, in one transaction. */
  importCommit: z.object({
    previewId: id,
    decisions: z
      .array(z.object({ index: z.number().int().min(0), action: z.enum(['import', 'skip']) }))
      .max(200_000)
      .default([]),
  }),
  listImports: z.object({ accountId: id.optional() }),
  /** "Remove this import": deletes exactly the rows it added. */
  undoImport: z.object({ importId: id }),
  // Budgets (issue 11)
  ...budgetSchemas,
  // Categories and rules (issue 11)
  createCategory: z.object({
    name: z.string().trim().min(1).max(60),
    kind: z.enum(['expense', 'income', 'transfer']),
    color: z.enum(CATEGORY_COLORS, 'pick one of the palette colours'),
  }),
  /** Built-in categories may be renamed, recoloured and hidden; their kind stays. */
  updateCategory: z.object({
    categoryId: id,
    name: z.string().trim().min(1).max(60).optional(),
    kind: z.enum(['expense', 'income', 'transfer']).optional(),
    color: z.enum(CATEGORY_COLORS, 'pick one of the palette colours').optional(),
    hidden: z.boolean().optional(),
  }),
  /** Moves every transaction, split part and rule of `fromId` to `intoId`, then deletes `fromId`. */
  mergeCategory: z
    .object({ fromId: id, intoId: id })
    .refine((m) => m.fromId !== m.intoId, { message: 'a category cannot be merged into itself: pick another one to merge into', path: ['intoId'] }),
  categoryUsage: z.void(),
  updateRule: ruleFields.extend({ ruleId: id }).superRefine(checkRule),
  setRuleEnabled: z.object({ ruleId: id, enabled: z.boolean() }),
  /** Every rule's id, in the order they are to be tried. */
  reorderRules: z.object({ ruleIds: z.array(id).min(1).max(1000) }),
  /** What a rule (new, or `ruleId` edited) would change in the transactions MyBucks holds; nothing is written. */
  previewRule: z.object({ rule: ruleInputSchema, ruleId: id.optional(), limit: z.number().int().min(1).max(50).default(10) }),
  /** Runs the rules again over the past transactions this rule matches (choices made by hand are kept). */
  applyRule: z.object({ ruleId: id }),
  ruleMatchCounts: z.void(),
  /** The parts must add up exactly to the transaction's amount. */
  splitTransaction: z.object({
    transactionId: id,
    parts: z
      .array(z.object({ categoryId: id.nullable(), amountMinor: z.number().int().refine((n) => n !== 0, 'a part cannot be zero: remove it') }))
      .min(2, 'a split needs at least two parts')
      .max(20),
  }),
  unsplitTransaction: z.object({ transactionId: id }),
  /** Split transactions whose amount the bank changed since: they count whole again until split anew. */
  splitsNeedingAttention: z.void(),
  /** One category (null: back to the rules) for many transactions at once, as a choice made by hand. */
  recategoriseTransactions: z.object({ transactionIds: z.array(id).min(1).max(1000, 'at most 1,000 transactions at a time'), categoryId: id.nullable() }),
  undoRecategorise: z.object({
    changes: z.array(z.object({ transactionId: id, categoryId: id.nullable(), manual: z.boolean() })).min(1).max(1000),
  }),
  // Recurring bills (issue 11)
  /** Bills, subscriptions and income found in the history or confirmed, their occurrences this month and next, totals. */
  recurringOverview: z.void(),
  confirmRecurring: z.object({ seriesId: id }),
  /** Changes what the user corrects (and confirms the series). */
  editRecurring: z
    .object({
      seriesId: id,
      name: z.string().trim().min(1, 'give the bill a name').max(100).optional(),
      expectedMinor: z.number().int().positive('the amount must be more than zero').max(1e12).optional(),
      cadence: z.enum(['weekly', 'fortnightly', 'monthly', 'quarterly', 'yearly']).optional(),
    })
    .refine((e) => e.name !== undefined || e.expectedMinor !== undefined || e.cadence !== undefined, { message: 'Change the name, the amount or how often it is paid' }),
  /** Never suggested again. */
  dismissRecurring: z.object({ seriesId: id }),
  // Desktop (issue 13)
  /** Notifications for a failed sync, a bank permission ending within 7 days, a bank to re-authorize. */
  getNotificationSettings: z.void(),
  setNotificationSettings: z.strictObject({ syncFailed: z.boolean().optional(), consentExpiring: z.boolean().optional(), needsReauth: z.boolean().optional() }),
  /** Background sync with the window closed, start at login (desktop app only). */
  getDesktopSettings: z.void(),
  setDesktopSettings: z.strictObject({ runInBackground: z.boolean().optional(), startAtLogin: z.boolean().optional() }),
  /** The app lock; while locked every other call is refused with code 'locked'. */
  getLockStatus: z.void(),
  configureLock: z.strictObject({ passcode: z.string().max(200), idleMinutes: z.number().int().min(1).max(240), currentPasscode: z.string().max(200).optional() }),
  disableLock: z.strictObject({ passcode: z.string().max(200) }),
  lockNow: z.void(),
  unlock: z.strictObject({ passcode: z.string().max(200) }),
  unlockWithTouchId: z.void(),
} as const;

export type ApiMethod = keyof typeof apiSchemas;
export type ApiInput<M extends ApiMethod> = z.input<(typeof apiSchemas)[M]>;
/** What the implementation receives: the input after validation and defaults. */
export type ApiParsed<M extends ApiMethod> = z.output<(typeof apiSchemas)[M]>;

export interface ApiResults {
  getAppInfo: AppInfoDTO;
  listProviders: ProviderDTO[];
  checkProvider: ProviderCheckDTO;
  addProvider: ProviderDTO;
  updateProvider: ProviderDTO;
  removeProvider: void;
  startLink: LinkStartedDTO;
  cancelLink: void;
  listConnections: ConnectionDTO[];
  syncNow: void;
  verifyNow: void;
  cancelSync: void;
  disconnect: DisconnectResultDTO;
  listAccounts: AccountDTO[];
  listCategories: CategoryDTO[];
  listRules: RuleDTO[];
  createRule: { rule: RuleDTO; updated: number };
  deleteRule: void;
  listTransactions: TransactionPageDTO;
  setTransactionCategory: void;
  exportTransactionsCsv: { filename: string; csv: string };
  netWorth: NetWorthSeriesDTO[];
  balancesByBank: BankBalancesDTO[];
  spendingByCategory: SpendingByCategoryDTO[];
  spendingTrend: SpendingTrendPointDTO[];
  incomeVsExpenses: IncomeExpensePointDTO[];
  topMerchants: MerchantTotalDTO[];
  listSyncRuns: SyncRunDTO[];
  listBackups: BackupDTO[];
  createBackup: BackupDTO;
  chooseFile: { path: string | null };
  inspectBackup: BackupInspectionDTO;
  restoreBackup: RestoreResultDTO;
  getBackupSettings: BackupSettingsDTO;
  setBackupSettings: BackupSettingsDTO;
  exportData: ExportResultDTO;
  getCurrencySettings: CurrencySettingsDTO;
  setHomeCurrency: CurrencySettingsDTO;
  setManualRate: CurrencySettingsDTO;
  deleteManualRate: CurrencySettingsDTO;
  refreshRates: CurrencySettingsDTO;
  netWorthSummary: NetWorthSummaryDTO;
  netWorthHome: NetWorthHomeDTO;
  pairTransfer: void;
  unpairTransfer: void;
  transferCandidates: TransactionDTO[];
  cashFlow: CashFlowDTO[];
  updateAccount: AccountDTO;
  reorderAccounts: void;
  createManualAccount: AccountDTO;
  setManualBalance: AccountDTO;
  accountHistory: AccountHistoryDTO;
  // Import (issue 12)
  importUpload: { uploadId: string; receivedBytes: number };
  importPreview: ImportPreviewDTO;
  importCommit: ImportResultDTO;
  listImports: ImportBatchDTO[];
  undoImport: ImportBatchDTO;

  // Budgets (issue 11)
  listCategoryGroups: CategoryGroupDTO[];
  createCategoryGroup: CategoryGroupDTO;
  renameCategoryGroup: CategoryGroupDTO;
  deleteCategoryGroup: void;
  moveCategoryToGroup: void;
  getBudgetMonth: BudgetMonthDTO;
  setBudget: BudgetMonthDTO;
  setBudgetCarryover: BudgetMonthDTO;
  setBudgetsFromAverage: { budget: BudgetMonthDTO; changed: number };
  copyLastMonthBudget: { budget: BudgetMonthDTO; copied: number };
  getBudgetYear: BudgetYearDTO;

  // Categories and rules (issue 11)
  createCategory: CategoryDTO;
  updateCategory: CategoryDTO;
  mergeCategory: { transactions: number; rules: number };
  categoryUsage: CategoryUsageDTO[];
  updateRule: { rule: RuleDTO; updated: number };
  setRuleEnabled: { rule: RuleDTO; updated: number };
  reorderRules: { updated: number };
  previewRule: RulePreviewDTO;
  applyRule: { updated: number };
  ruleMatchCounts: RuleMatchCountDTO[];
  splitTransaction: void;
  unsplitTransaction: void;
  splitsNeedingAttention: TransactionDTO[];
  recategoriseTransactions: BulkCategoriseResultDTO;
  undoRecategorise: { updated: number };
  // Recurring bills (issue 11)
  recurringOverview: RecurringOverviewDTO;
  confirmRecurring: void;
  editRecurring: void;
  dismissRecurring: void;
  // Desktop (issue 13)
  getNotificationSettings: NotificationSettingsDTO;
  setNotificationSettings: NotificationSettingsDTO;
  getDesktopSettings: DesktopSettingsDTO;
  setDesktopSettings: DesktopSettingsDTO;
  getLockStatus: LockStatusDTO;
  configureLock: LockStatusDTO;
  disableLock: LockStatusDTO;
  lockNow: LockStatusDTO;
  unlock: LockStatusDTO;
  unlockWithTouchId: LockStatusDTO;
}

/** The API as the renderer calls it (one input object per call, or none). */
export type MyBucksApi = {
  [M in ApiMethod]: (typeof apiSchemas)[M] extends z.ZodVoid
    ? () => Promise<ApiResults[M]>
    : (input: ApiInput<M>) => Promise<ApiResults[M]>;
} & {
  /** Subscribes to main-process events; returns the unsubscribe function. */
  onEvent(listener: (event: AppEvent) => void): () => void;
};

/** The API as the main process implements it: inputs already validated. */
export type MyBucksService = {
  [M in ApiMethod]: (input: ApiParsed<M>) => Promise<ApiResults[M]>;
};

export type AppEvent =
  | {
      type: 'sync-progress';
      connectionId: string;
      phase: 'accounts' | 'balances' | 'transactions';
      accountsDone: number;
      accountsTotal: number;
      accountName: string | null;
      pages: number;
      transactions: number;
    }
  | { type: 'sync-finished'; connectionId: string; outcome: 'ok' | 'error' | 'cancelled'; error: string | null }
  | {
      type: 'link-finished';
      linkId: string;
      outcome: 'linked' | 'denied' | 'failed' | 'cancelled' | 'timed_out';
      connectionId: string | null;
      /** The full message for the user when not linked (the single source of its wording). */
      error: string | null;
      /** Linked by restoring a connection that already existed (re-authorization, or linked again). */
      restored: boolean;
    }
  | { type: 'connections-changed' }
  | { type: 'data-changed' }
  // Desktop (issue 13)
  /** Something to tell the user outside the window (shown by the desktop shell, or by the browser in browser mode). */
  | { type: 'notify'; kind: NotificationKind; connectionId: string; title: string; body: string }
  /** A native menu item was chosen (desktop app only). */
  | { type: 'menu-command'; command: MenuCommand }
  /** The app lock was turned on or off, locked or unlocked. */
  | { type: 'lock-changed' }
  // Import progress (issue 12)
  /** A statement import's long step went further (see ImportProgressDTO). */
  | ({ type: 'import-progress' } & ImportProgressDTO);

export const IPC_PREFIX = 'mybucks:';
export const EVENT_CHANNEL = 'mybucks:event';
export const apiMethods = Object.keys(apiSchemas) as ApiMethod[];

/** Errors cross the boundary as a message and a machine-readable code, never a stack. */
export interface ApiErrorBody {
  code: 'invalid_input' | 'not_found' | 'needs_reauth' | 'bank_unavailable' | 'vault_unavailable' | 'internal' | 'locked';
  message: string;
}
