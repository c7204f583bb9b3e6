/**
 * The preload script (sandboxed, so it is bundled to CommonJS): exposes exactly the contract as
 * `window.mybucks` — one function per method plus `onEvent` — and nothing else (no ipcRenderer, no
 * generic invoke). A failed call rejects with an Error carrying the ApiErrorBody's message and code
 * (contextBridge passes the message on; the renderer shows it).
 *
 * Only types come from the contract: importing its values would bundle zod into every window. The
 * compiler still checks the method table and channel names against the contract.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import type { ApiErrorBody, ApiMethod, AppEvent, EVENT_CHANNEL, IPC_PREFIX, MyBucksApi } from '../shared/contract';

const PREFIX: typeof IPC_PREFIX = 'mybucks:';
const EVENTS: typeof EVENT_CHANNEL = 'mybucks:event';

/** Exactly the contract's methods: a missing or extra key is a compile error. */
const METHODS: Record<ApiMethod, true> = {
  getAppInfo: true,
  listProviders: true,
  checkProvider: true,
  addProvider: true,
  updateProvider: true,
  removeProvider: true,
  startLink: true,
  cancelLink: true,
  listConnections: true,
  syncNow: true,
  verifyNow: true,
  cancelSync: true,
  disconnect: true,
  listAccounts: true,
  listCategories: true,
  listRules: true,
  createRule: true,
  deleteRule: true,
  listTransactions: true,
  setTransactionCategory: true,
  exportTransactionsCsv: true,
  netWorth: true,
  balancesByBank: true,
  spendingByCategory: true,
  spendingTrend: true,
  incomeVsExpenses: true,
  topMerchants: true,
  listSyncRuns: true,
  listBackups: true,
  createBackup: true,
  chooseFile: true,
  inspectBackup: true,
  restoreBackup: true,
  getBackupSettings: true,
  setBackupSettings: true,
  exportData: true,
  getCurrencySettings: true,
  setHomeCurrency: true,
  setManualRate: true,
  deleteManualRate: true,
  refreshRates: true,
  netWorthSummary: true,
  netWorthHome: true,
  pairTransfer: true,
  unpairTransfer: true,
  transferCandidates: true,
  cashFlow: true,
  updateAccount: true,
  reorderAccounts: true,
  createManualAccount: true,
  setManualBalance: true,
  accountHistory: true,
  // Import (issue 12)
  importUpload: true,
  importPreview: true,
  importCommit: true,
  listImports: true,
  undoImport: true,
  // Budgets (issue 11)
  listCategoryGroups: true,
  createCategoryGroup: true,
  renameCategoryGroup: true,
  deleteCategoryGroup: true,
  moveCategoryToGroup: true,
  getBudgetMonth: true,
  setBudget: true,
  setBudgetCarryover: true,
  setBudgetsFromAverage: true,
  copyLastMonthBudget: true,
  getBudgetYear: true,

  // Categories and rules (issue 11)
  createCategory: true,
  updateCategory: true,
  mergeCategory: true,
  categoryUsage: true,
  updateRule: true,
  setRuleEnabled: true,
  reorderRules: true,
  previewRule: true,
  applyRule: true,
  ruleMatchCounts: true,
  splitTransaction: true,
  unsplitTransaction: true,
  splitsNeedingAttention: true,
  recategoriseTransactions: true,
  undoRecategorise: true,
  // Recurring bills (issue 11)
  recurringOverview: true,
  confirmRecurring: true,
  editRecurring: true,
  dismissRecurring: true,
  // Desktop (issue 13)
  getNotificationSettings: true,
  setNotificationSettings: true,
  getDesktopSettings: true,
  setDesktopSettings: true,
  getLockStatus: true,
  configureLock: true,
  disableLock: true,
  lockNow: true,
  unlock: true,
  unlockWithTouchId: true,
};

type Envelope = { ok: true; result: unknown } | { ok: false; error: ApiErrorBody };

function createPreloadApi(): MyBucksApi {
  const api: Record<string, unknown> = {};
  for (const method of Object.keys(METHODS)) {
    api[method] = async (input?: unknown) => {
      const envelope = (await ipcRenderer.invoke(PREFIX + method, input)) as Envelope;
      if (envelope.ok) return envelope.result;
      throw Object.assign(new Error(envelope.error.message), { name: 'ApiError', code: envelope.error.code });
    };
  }
  api.onEvent = (listener: (event: AppEvent) => void) => {
    const forward = (_event: IpcRendererEvent, appEvent: AppEvent) => listener(appEvent);
    ipcRenderer.on(EVENTS, forward);
    return () => {
      ipcRenderer.removeListener(EVENTS, forward);
    };
  };
  return Object.freeze(api) as MyBucksApi;
}

contextBridge.exposeInMainWorld('mybucks', createPreloadApi());
