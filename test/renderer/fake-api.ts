import { vi, type Mock } from 'vitest';
import type { AppEvent, MyBucksApi } from '../../src/shared/contract';
import type {
  AccountDTO,
  BackupDTO,
  BackupInspectionDTO,
  BackupSettingsDTO,
  ExportResultDTO,
  RestoreResultDTO,
  BankBalancesDTO,
  CategoryDTO,
  ConnectionDTO,
  DisconnectResultDTO,
  ProviderCheckDTO,
  ProviderDTO,
  TransactionDTO,
  RuleDTO,
  RuleMatchCountDTO,
  RulePreviewDTO,
} from '../../src/shared/dto';
import type { CurrencySettingsDTO, NetWorthHomeDTO, NetWorthSummaryDTO } from '../../src/shared/dto';
import type { CashFlowDTO } from '../../src/shared/dto';
import type { ImportBatchDTO, ImportCsvDTO, ImportPreviewDTO, ImportResultDTO } from '../../src/shared/dto';
// Budgets (issue 11)
import type { BudgetYearDTO, CategoryGroupDTO } from '../../src/shared/dto';
import { budgetMonth } from './budget-fixture';
// Recurring bills (issue 11)
import { recurringOverview } from './recurring-fixture';
import type { LockStatusDTO, NotificationSettingsDTO } from '../../src/shared/dto';

type FakeApi = { [K in keyof MyBucksApi]: MyBucksApi[K] & Mock } & { emit(event: AppEvent): void };

export const categories: CategoryDTO[] = [
  { id: 'groceries', name: 'Groceries', kind: 'expense', color: '#10b981' },
  { id: 'eating-out', name: 'Eating out', kind: 'expense', color: '#f59e0b' },
  { id: 'salary', name: 'Salary', kind: 'income', color: '#3b82f6' },
];

// Categories and rules (issue 11)
export function rule(over: Partial<RuleDTO>): RuleDTO {
  return {
    id: 'r1',
    field: 'merchant',
    op: 'contains',
    value: 'Tesco',
    minAmountMinor: null,
    maxAmountMinor: null,
    amountCurrency: null,
    accountId: null,
    bankTxCode: null,
    categoryId: 'groceries',
    payeeName: null,
    markTransfer: false,
    enabled: true,
    position: 1,
    createdAt: '2026-11-27T10:00:00Z',
    ...over,
  };
}

export function provider(over: Partial<ProviderDTO>): ProviderDTO {
  const id = over.id ?? 'memorial';
  const issuer = over.issuer ?? `http://127.0.0.1:1/${id}`;
  return {
    id,
    name: 'Memorial Bank',
    issuer,
    color: '#1d4ed8',
    logoText: 'MB',
    tagline: null,
    scopes: ['accounts', 'balances', 'transactions'],
    custom: false,
    apiBase: `${issuer}/open-banking/v4.0/aisp`,
    connectedAppsUrl: null,
    redirectSummary: 'any local port',
    ...over,
  };
}

export const providers: ProviderDTO[] = [
  provider({ id: 'memorial', name: 'Memorial Bank', tagline: 'Banking since 1907' }),
  provider({ id: 'harbor', name: 'Harbor Credit Union', color: '#0f766e', logoText: 'HC' }),
];

/** What a check finds at a bank that supports everything MyBucks uses. */
export function providerCheck(over: Partial<ProviderCheckDTO> = {}): ProviderCheckDTO {
  return {
    issuer: 'https://acme.example/',
    suggestedName: 'acme.example',
    existingProviderId: null,
    apiBase: 'https://acme.example/open-banking/v4.0/aisp',
    supports: { pkceS256: true, par: 'offered', dpop: true, iss: true, registration: true, revocation: true },
    problems: [],
    ...over,
  };
}

const GROUP_OF_TYPE = { checking: 'cash', savings: 'savings', credit_card: 'credit', loan: 'loans', other: 'other' } as const;

export function account(over: Partial<AccountDTO>): AccountDTO {
  const group = over.group ?? GROUP_OF_TYPE[over.type ?? 'checking'];
  return {
    displayName: null,
    group,
    liability: group === 'credit' || group === 'loans',
    hidden: false,
    closedAt: null,
    manual: false,
    sortOrder: null,
    id: 'acc-1',
    connectionId: 'conn-1',
    providerId: 'memorial',
    providerName: 'Memorial Bank',
    name: 'Everyday',
    type: 'checking',
    currency: 'GBP',
    mask: '1234',
    balanceMinor: 0,
    balanceAt: '2026-11-27T10:00:00Z',
    lastVerifiedAt: null,
    verification: null,
    ...over,
  };
}

export function connection(over: Partial<ConnectionDTO>): ConnectionDTO {
  return {
    id: 'conn-1',
    providerId: 'memorial',
    providerName: 'Memorial Bank',
    color: '#1d4ed8',
    status: 'ok',
    statusReason: null,
    suggestedAction: null,
    identity: { sub: 'sarah', name: 'Sarah Lee' },
    scopes: ['openid', 'accounts', 'balances', 'transactions', 'offline_access'],
    consentExpiresAt: null,
    lastSyncAt: '2026-11-27T10:00:00Z',
    accountCount: 2,
    createdAt: '2026-11-01T10:00:00Z',
    ...over,
  };
}

export function transaction(i: number, over: Partial<TransactionDTO> = {}): TransactionDTO {
  return {
    id: `tx-${i}`,
    accountId: 'acc-1',
    accountName: 'Everyday',
    providerName: 'Memorial Bank',
    bookingDate: '2026-11-20',
    valueDate: null,
    amountMinor: -1000 - i,
    currency: 'GBP',
    description: `CARD PAYMENT ${i}`,
    merchant: `Shop ${i}`,
    status: 'booked',
    categoryId: null,
    categoryName: null,
    categoryManual: false,
    transfer: null,
    runningBalanceMinor: null,
    ...over,
  };
}

export const twoBanks: BankBalancesDTO[] = [
  {
    providerId: 'memorial',
    providerName: 'Memorial Bank',
    color: '#1d4ed8',
    accounts: [account({ id: 'a1', balanceMinor: 123456 }), account({ id: 'a2', name: 'Rainy day', type: 'savings', balanceMinor: 50000 })],
    totals: [{ currency: 'GBP', minor: 173456 }],
  },
  {
    providerId: 'harbor',
    providerName: 'Harbor Credit Union',
    color: '#0f766e',
    accounts: [
      account({ id: 'h1', providerId: 'harbor', providerName: 'Harbor Credit Union', name: 'Card', type: 'credit_card', balanceMinor: -23456 }),
      account({ id: 'h2', providerId: 'harbor', providerName: 'Harbor Credit Union', name: 'Euro', currency: 'EUR', balanceMinor: 1000050 }),
    ],
    totals: [
      { currency: 'GBP', minor: -23456 },
      { currency: 'EUR', minor: 1000050 },
    ],
  },
];

export function backup(over: Partial<BackupDTO> = {}): BackupDTO {
  return {
    path: '/home/sarah/.mybucks/backups/mybucks-automatic-2026-11-27T090000000Z.sqlite',
    createdAt: '2026-11-27T09:00:00.000Z',
    bytes: 2_621_440,
    kind: 'automatic',
    ...over,
  };
}

/** What an inspection finds in a healthy backup of two banks. */
export function inspection(over: Partial<BackupInspectionDTO> = {}): BackupInspectionDTO {
  return {
    path: '/home/sarah/.mybucks/backups/mybucks-automatic-2026-11-27T090000000Z.sqlite',
    restorable: true,
    problems: [],
    schemaVersion: 5,
    contains: {
      connections: [
        { providerName: 'Memorial Bank', name: 'Sarah Lee' },
        { providerName: 'Harbor Credit Union', name: null },
      ],
      accounts: 4,
      transactions: 1200,
      newestTransaction: '2026-11-26',
    },
    replaces: { connections: 2, accounts: 5, transactions: 1350 },
    ...over,
  };
}

export function backupSettings(over: Partial<BackupSettingsDTO> = {}): BackupSettingsDTO {
  return { automatic: true, keep: 7, folder: '/home/sarah/.mybucks/backups', lastAutomaticAt: '2026-11-27T09:00:00.000Z', ...over };
}

/** A MyBucksApi whose every call is a vi.fn with a sensible empty answer; `emit` plays main-process events. */
/** Currency settings as a first run sees them: no home currency chosen, ECB rates from 27 Nov 2026. */
export function currencySettings(over: Partial<CurrencySettingsDTO> = {}): CurrencySettingsDTO {
  return {
    homeCurrency: null,
    currenciesInUse: [],
    rates: { asOf: '2026-11-27', source: 'ecb', fetchedAt: '2026-11-27T16:30:00.000Z', problem: null },
    manualRates: [],
    ...over,
  };
}

export function netWorthSummary(over: Partial<NetWorthSummaryDTO> = {}): NetWorthSummaryDTO {
  return { currency: 'GBP', assetsMinor: 0, liabilitiesMinor: 0, netMinor: 0, byCurrency: [], ratesNote: '', unconverted: [], ...over };
}

export function createFakeApi(): FakeApi {
  const listeners = new Set<(e: AppEvent) => void>();
  const api = {
    getAppInfo: vi.fn(async () => ({
      mode: 'browser' as const,
      version: '0.1.0',
      dataDir: '/home/sarah/.mybucks',
      vault: { kind: 'file-key', available: true, protectsAgainst: 'Protects against copies of the database alone.', problem: null },
    })),
    listProviders: vi.fn(async () => providers),
    checkProvider: vi.fn(async () => providerCheck()),
    addProvider: vi.fn(),
    updateProvider: vi.fn(async ({ providerId, apiBase }: { providerId: string; apiBase?: string }) => provider({ id: providerId, ...(apiBase && { apiBase }) })),
    removeProvider: vi.fn(async () => undefined),
    startLink: vi.fn(async ({ providerId }: { providerId: string }) => ({
      linkId: 'link-1',
      providerId,
      authorizationUrl: 'http://127.0.0.1:1/auth?client_id=mybucks',
      expiresAt: new Date(Date.now() + 5 * 60_000).toISOString(),
      browserOpened: true,
    })),
    cancelLink: vi.fn(async () => undefined),
    listConnections: vi.fn(async () => [] as ConnectionDTO[]),
    syncNow: vi.fn(async () => undefined),
    verifyNow: vi.fn(async () => undefined),
    cancelSync: vi.fn(async () => undefined),
    disconnect: vi.fn(async (): Promise<DisconnectResultDTO> => ({ revokedAtBank: true, message: null, revokeUrl: null })),
    listAccounts: vi.fn(async () => [] as AccountDTO[]),
    listCategories: vi.fn(async () => categories),
    listRules: vi.fn(async () => []),
    createRule: vi.fn(async (input: { field: 'merchant' | 'description'; op: 'contains' | 'equals'; value: string; categoryId: string }) => ({
      rule: { id: 'r1', ...input, createdAt: '2026-11-27T10:00:00Z' },
      updated: 42,
    })),
    deleteRule: vi.fn(async () => undefined),
    listTransactions: vi.fn(async () => ({ rows: [] as TransactionDTO[], nextCursor: null, total: 0, totals: [] as { currency: string; minor: number }[] })),
    setTransactionCategory: vi.fn(async () => undefined),
    pairTransfer: vi.fn(async () => undefined),
    unpairTransfer: vi.fn(async () => undefined),
    transferCandidates: vi.fn(async () => [] as TransactionDTO[]),
    exportTransactionsCsv: vi.fn(async () => ({ filename: 'transactions.csv', csv: 'date,amount\n' })),
    netWorth: vi.fn(async () => []),
    balancesByBank: vi.fn(async () => [] as BankBalancesDTO[]),
    spendingByCategory: vi.fn(async () => []),
    spendingTrend: vi.fn(async () => []),
    incomeVsExpenses: vi.fn(async () => []),
    topMerchants: vi.fn(async () => []),
    cashFlow: vi.fn(async () => [] as CashFlowDTO[]),
    listSyncRuns: vi.fn(async () => []),
    updateAccount: vi.fn(async ({ accountId }: { accountId: string }) => account({ id: accountId })),
    reorderAccounts: vi.fn(async () => undefined),
    createManualAccount: vi.fn(async ({ name, group, currency, balanceMinor }: { name: string; group: AccountDTO['group']; currency: string; balanceMinor: number }) =>
      account({ id: 'manual-1', connectionId: 'manual', providerId: 'manual', providerName: 'Manual accounts', name, group, currency, balanceMinor, mask: null, manual: true }),
    ),
    setManualBalance: vi.fn(async ({ accountId, balanceMinor }: { accountId: string; balanceMinor: number }) => account({ id: accountId, balanceMinor, manual: true })),
    accountHistory: vi.fn(async ({ accountId }: { accountId: string }) => ({ accountId, currency: 'GBP', points: [] as { date: string; minor: number }[] })),
    getCurrencySettings: vi.fn(async () => currencySettings()),
    setHomeCurrency: vi.fn(async ({ currency }: { currency: string }) => currencySettings({ homeCurrency: currency })),
    setManualRate: vi.fn(async ({ currency, homePerUnit, day }: { currency: string; homePerUnit: number; day?: string }) =>
      currencySettings({ homeCurrency: 'GBP', manualRates: [{ currency, homePerUnit, day: day ?? '2026-11-27' }] }),
    ),
    deleteManualRate: vi.fn(async () => currencySettings({ homeCurrency: 'GBP' })),
    refreshRates: vi.fn(async () => currencySettings({ homeCurrency: 'GBP', rates: { asOf: '2026-11-28', source: 'ecb', fetchedAt: '2026-11-28T16:30:00.000Z', problem: null } })),
    netWorthSummary: vi.fn(async () => netWorthSummary()),
    netWorthHome: vi.fn(async (): Promise<NetWorthHomeDTO> => ({ currency: 'GBP', points: [], ratesNote: '', unconverted: [] })),
    listBackups: vi.fn(async () => [] as BackupDTO[]),
    createBackup: vi.fn(async ({ path }: { path?: string }) => backup({ kind: 'manual', ...(path && { path }) })),
    chooseFile: vi.fn(async () => ({ path: null as string | null })),
    inspectBackup: vi.fn(async ({ path }: { path: string }) => inspection({ path })),
    restoreBackup: vi.fn(
      async ({ path }: { path: string }): Promise<RestoreResultDTO> => ({
        restoredFrom: path,
        safetyBackup: backup({ kind: 'before-restore', path: '/home/sarah/.mybucks/backups/mybucks-before-restore-2026-11-27T120000000Z.sqlite', createdAt: '2026-11-27T12:00:00.000Z' }),
        needsReauthorization: 0,
      }),
    ),
    getBackupSettings: vi.fn(async () => backupSettings()),
    setBackupSettings: vi.fn(async ({ automatic, keep }: { automatic: boolean; keep: number }) => backupSettings({ automatic, keep })),
    exportData: vi.fn(
      async ({ format }: { format: 'csv' | 'json' }): Promise<ExportResultDTO> =>
        format === 'json'
          ? { path: '/home/sarah/.mybucks/exports/mybucks-export-2026-11-27.json', files: [{ name: 'mybucks-export-2026-11-27.json', rows: 1234, bytes: 456789 }] }
          : {
              path: '/home/sarah/.mybucks/exports/mybucks-export-2026-11-27',
              files: [
                { name: 'transactions.csv', rows: 1200, bytes: 123456 },
                { name: 'accounts.csv', rows: 4, bytes: 512 },
              ],
            },
    ),
    // Import (issue 12)
    importUpload: vi.fn(async ({ totalBytes }: { totalBytes: number }) => ({ uploadId: 'up-1', receivedBytes: totalBytes })),
    importPreview: vi.fn(async (): Promise<ImportPreviewDTO> => importPreview()),
    importCommit: vi.fn(
      async (): Promise<ImportResultDTO> => ({ importId: '1', accountId: 'manual-1', accountName: 'Cash', added: 2, duplicates: 1, skipped: 0, message: 'Added 2 transactions from march.csv (CSV) to “Cash”; 1 row already in MyBucks was left out.' }),
    ),
    listImports: vi.fn(async () => [] as ImportBatchDTO[]),
    undoImport: vi.fn(async ({ importId }: { importId: string }) => importBatch({ id: importId, undoneAt: '2026-11-28T10:00:00.000Z' })),
    // Budgets (issue 11)
    listCategoryGroups: vi.fn(async () => [] as CategoryGroupDTO[]),
    createCategoryGroup: vi.fn(async ({ name }: { name: string }): Promise<CategoryGroupDTO> => ({ id: 'g-new', name, sortOrder: 4, categoryIds: [] })),
    renameCategoryGroup: vi.fn(async ({ groupId, name }: { groupId: string; name: string }): Promise<CategoryGroupDTO> => ({ id: groupId, name, sortOrder: 1, categoryIds: [] })),
    deleteCategoryGroup: vi.fn(async () => undefined),
    moveCategoryToGroup: vi.fn(async () => undefined),
    getBudgetMonth: vi.fn(async ({ month }: { month: string }) => budgetMonth({ month })),
    setBudget: vi.fn(async ({ month }: { month: string }) => budgetMonth({ month })),
    setBudgetCarryover: vi.fn(async ({ month }: { month: string }) => budgetMonth({ month })),
    setBudgetsFromAverage: vi.fn(async ({ month }: { month: string }) => ({ budget: budgetMonth({ month }), changed: 3 })),
    copyLastMonthBudget: vi.fn(async ({ month }: { month: string }) => ({ budget: budgetMonth({ month }), copied: 4 })),
    getBudgetYear: vi.fn(
      async ({ year }: { year: number }): Promise<BudgetYearDTO> => ({ year, book: { currency: 'GBP', allCurrencies: true }, months: [], rows: [], totals: [], unconverted: [], ratesNote: '' }),
    ),
    // Categories and rules (issue 11)
    createCategory: vi.fn(async ({ name, kind, color }: { name: string; kind: CategoryDTO['kind']; color: string }) => ({ id: 'new-cat', name, kind, color, hidden: false, builtin: false })),
    updateCategory: vi.fn(async ({ categoryId }: { categoryId: string }) => categories.find((c) => c.id === categoryId) ?? categories[0]),
    mergeCategory: vi.fn(async () => ({ transactions: 7, rules: 1 })),
    categoryUsage: vi.fn(async () => categories.map((c) => ({ categoryId: c.id, transactions: 3, rules: 0 }))),
    updateRule: vi.fn(async ({ ruleId }: { ruleId: string }) => ({ rule: rule({ id: ruleId }), updated: 2 })),
    setRuleEnabled: vi.fn(async ({ ruleId, enabled }: { ruleId: string; enabled: boolean }) => ({ rule: rule({ id: ruleId, enabled }), updated: 3 })),
    reorderRules: vi.fn(async () => ({ updated: 1 })),
    previewRule: vi.fn(async (): Promise<RulePreviewDTO> => ({ matches: 5, changes: 2, rows: [] })),
    applyRule: vi.fn(async () => ({ updated: 4 })),
    ruleMatchCounts: vi.fn(async () => [] as RuleMatchCountDTO[]),
    splitTransaction: vi.fn(async () => undefined),
    unsplitTransaction: vi.fn(async () => undefined),
    splitsNeedingAttention: vi.fn(async () => [] as TransactionDTO[]),
    recategoriseTransactions: vi.fn(async ({ transactionIds }: { transactionIds: string[] }) => ({
      updated: transactionIds.length,
      undo: transactionIds.map((transactionId) => ({ transactionId, categoryId: null as string | null, manual: false })),
    })),
    undoRecategorise: vi.fn(async ({ changes }: { changes: unknown[] }) => ({ updated: changes.length })),
    // Recurring bills (issue 11)
    recurringOverview: vi.fn(async () => recurringOverview()),
    confirmRecurring: vi.fn(async () => undefined),
    editRecurring: vi.fn(async () => undefined),
    dismissRecurring: vi.fn(async () => undefined),
    onEvent: vi.fn((listener: (e: AppEvent) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    }),
    emit(event: AppEvent) {
      for (const l of [...listeners]) l(event);
    },
    // Desktop (issue 13)
    getNotificationSettings: vi.fn(async () => notificationSettings()),
    setNotificationSettings: vi.fn(async (change: Partial<NotificationSettingsDTO>) => notificationSettings(change)),
    getDesktopSettings: vi.fn(async () => ({ runInBackground: true, startAtLogin: false })),
    setDesktopSettings: vi.fn(async (change: { runInBackground?: boolean; startAtLogin?: boolean }) => ({ runInBackground: true, startAtLogin: false, ...change })),
    getLockStatus: vi.fn(async () => lockStatus()),
    configureLock: vi.fn(async ({ idleMinutes }: { idleMinutes: number }) => lockStatus({ enabled: true, idleMinutes })),
    disableLock: vi.fn(async () => lockStatus()),
    lockNow: vi.fn(async () => lockStatus({ enabled: true, locked: true, idleMinutes: 5 })),
    unlock: vi.fn(async () => lockStatus({ enabled: true, idleMinutes: 5 })),
    unlockWithTouchId: vi.fn(async () => lockStatus({ enabled: true, idleMinutes: 5, touchId: true })),
  };
  return api as unknown as FakeApi;
}

// Import (issue 12)
export function importCsv(over: Partial<ImportCsvDTO> = {}): ImportCsvDTO {
  return {
    delimiter: ',',
    hasHeader: true,
    headers: ['Date', 'Details', 'Amount', 'Balance'],
    sampleRows: [
      ['03/11/2026', 'TESCO STORES 2231', '-23.40', '1200.10'],
      ['04/11/2026', 'SALARY ACME LTD', '2500.00', '3700.10'],
    ],
    dateFormats: ['DD/MM/YYYY'],
    decimalSeparator: '.',
    mapping: { date: 0, description: 1, amount: 2, dateFormat: 'DD/MM/YYYY', decimalSeparator: '.', defaultCurrency: 'GBP' },
    saved: false,
    ...over,
  };
}

export function importPreview(over: Partial<ImportPreviewDTO> = {}): ImportPreviewDTO {
  const row = (index: number, bookingDate: string, amountMinor: number, description: string) => ({
    index, where: `line ${index + 2}`, bookingDate, amountMinor, currency: 'GBP', description, payee: null, status: 'booked' as const,
  });
  return {
    previewId: 'p-1',
    expiresAt: '2026-11-28T10:15:00.000Z',
    fileName: 'march.csv',
    format: 'csv',
    needsMapping: false,
    csv: importCsv({ saved: true }),
    fileAccount: { accountId: null, name: null, currency: null },
    statements: null,
    target: { accountId: 'manual-1', name: 'Cash', currency: 'GBP' },
    counts: { total: 4, new: 2, duplicate: 1, ambiguous: 1 },
    newRows: [row(0, '2026-11-03', -2340, 'TESCO STORES 2231'), row(1, '2026-11-04', 250000, 'SALARY ACME LTD')],
    duplicates: [{ ...row(2, '2026-11-05', -450, 'PRET A MANGER'), reason: 'match', match: null }],
    ambiguous: [
      {
        ...row(3, '2026-11-06', -1200, 'UBER TRIP'),
        candidates: [
          { transactionId: '77', bookingDate: '2026-11-07', amountMinor: -1200, currency: 'GBP', description: 'Uber *trip help.uber.com', merchant: 'Uber', source: 'bank', similarity: 0.5 },
        ],
      },
    ],
    warnings: [],
    importedBefore: null,
    ...over,
  };
}

export function importBatch(over: Partial<ImportBatchDTO> = {}): ImportBatchDTO {
  return {
    id: '1', accountId: 'manual-1', accountName: 'Cash', fileName: 'march.csv', format: 'csv', createdAt: '2026-11-28T09:00:00.000Z',
    rowsInFile: 4, added: 2, duplicates: 1, skipped: 1, undoneAt: null, ...over,
  };
}

// Desktop (issue 13)
export function notificationSettings(over: Partial<NotificationSettingsDTO> = {}): NotificationSettingsDTO {
  return { syncFailed: true, consentExpiring: true, needsReauth: true, ...over };
}

export function lockStatus(over: Partial<LockStatusDTO> = {}): LockStatusDTO {
  return { enabled: false, locked: false, idleMinutes: null, touchId: false, ...over };
}
