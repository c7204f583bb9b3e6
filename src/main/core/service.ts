/**
 * The contract implemented: one SQLite database, the auth layer (providers, links, tokens), the sync engine
 * and scheduler, and the dashboard queries, wired together. Electron (IPC) and browser mode (HTTP bridge)
 * put the same service behind their transports.
 */
import path from 'node:path';
import type { AppEvent, MyBucksService } from '../../shared/contract';
import type { ConnectionDTO } from '../../shared/dto';
import { createAuthCore, mockBankCatalog, toProviderDTO } from './auth';
import type { RedirectDelivery } from './auth/private-use-redirect';
import { createNotifier } from './notifications/notifier';
import { createDesktopSettings } from './desktop/desktop-settings';
import type { DesktopSettingsDTO } from '../../shared/dto';
import { createAppLock, type BiometricPrompt } from './lock/app-lock';
import { guardedByLock, windowMaySee } from './lock/guard';
import { ConnectionsRepo, ProvidersRepo, type ConnectionRecord } from './db/connections-repo';
import { openDatabase } from './db/database';
import { backgroundReferenceIndexer } from './db/derived';
import { ensurePrivateDir } from './private-files';
import type { Logger, SecretCipher, SettingsStore, UrlOpener } from './ports';
import * as reports from './reports';
import * as transfers from './reports/transfers';
import { SyncEngine } from './sync/engine';
import { SyncScheduler } from './sync/scheduler';
import { createDataSafety, type DataSafetyOptions } from './backup';
import type { FileDialogs } from './ports';
import { createCurrencyCore } from './fx';
// Import (issue 12)
import { ImportPipeline } from './import/pipeline';
// Budgets (issue 11)
import { budgetMethods } from './budgets/service-methods';
import * as categories from './categories';
import * as splits from './categories/splits';
import * as rules from './rules';
// Recurring bills (issue 11)
import * as recurring from './recurring';

export interface ServiceDeps {
  dataDir: string;
  cipher: SecretCipher;
  settings: SettingsStore;
  opener: UrlOpener;
  /** When given, the development catalog (the mock bank's banks at this origin) is offered in the bank picker. */
  mockBankOrigin?: string;
  logger: Logger;
  mode?: 'electron' | 'browser';
  version?: string;
  /** Electron passes `net.fetch` so bank requests follow the OS proxy. */
  fetch?: typeof fetch;
  /** Background sync period (default 30 minutes). */
  syncIntervalMs?: number;
  /** How long a link waits for the browser (default 5 minutes). */
  callbackTimeoutMs?: number;
  /** Native file dialogs (Electron); without them the renderer asks for a typed path. */
  dialogs?: FileDialogs;
  /** Automatic backups: timing and clock (tests). */
  backups?: DataSafetyOptions;
  /**
   * Where the ECB reference-rate files are (default https://www.ecb.europa.eu/stats/eurofxref/; with the mock
   * bank, its /ecb/ copy, so development needs no network).
   */
  ratesBaseUrl?: string;
  /** Clock for exchange-rate freshness and "today" in net worth (tests). */
  now?: () => number;
  // Desktop (issue 13)
  /** The desktop shell applies a change of its settings (tray, login item). */
  onDesktopSettings?: (settings: DesktopSettingsDTO) => void;
  /** Touch ID (macOS), offered by the desktop shell to unlock the app lock. */
  biometric?: BiometricPrompt | null;
}

export const DATABASE_FILE = 'mybucks.sqlite';

/** An error the renderer can act on: `code` is one of the contract's ApiErrorBody codes. */
class ServiceError extends Error {
  constructor(
    readonly code: 'not_found' | 'invalid_input' | 'bank_unavailable',
    message: string,
  ) {
    super(message);
  }
}

function suggestedAction(c: ConnectionRecord): ConnectionDTO['suggestedAction'] {
  if (c.status === 'needs_reauth') return 'reauthorize';
  if (c.status !== 'error') return null;
  return c.statusCode === 'api_not_found' ? 'change_api_base' : 'sync_again';
}

/** Errors of the auth layer keep their code; anything else from a provider call is the bank's trouble. */
function asServiceError(err: unknown): Error {
  const code = (err as { code?: string }).code;
  if (code === 'not_found' || code === 'invalid_input' || code === 'vault_unavailable') return err as Error;
  return new ServiceError('bank_unavailable', (err as Error).message);
}

export function createService(deps: ServiceDeps) {
  ensurePrivateDir(deps.dataDir);
  const db = openDatabase(path.join(deps.dataDir, DATABASE_FILE));
  // the trigram index of references catches up after each sync that changed data, off the sync's path
  const referenceIndexer = backgroundReferenceIndexer(db, (err) => deps.logger.error('reference indexing failed', { err }));
  referenceIndexer.schedule();
  const providers = new ProvidersRepo(db);
  const connections = new ConnectionsRepo(db);
  const currency = createCurrencyCore({
    db,
    settings: deps.settings,
    logger: deps.logger,
    fetch: deps.fetch,
    now: deps.now,
    baseUrl: deps.ratesBaseUrl ?? (deps.mockBankOrigin ? `${deps.mockBankOrigin}/ecb/` : undefined),
  });

  const now = () => new Date(deps.now ? deps.now() : Date.now());
  const today = () => now().toISOString().slice(0, 10);
  const listeners = new Set<(event: AppEvent) => void>();
  const emit = (event: AppEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (err) {
        deps.logger.warn('event listener failed', { err });
      }
    }
  };

  const auth = createAuthCore({
    providers,
    connections,
    cipher: deps.cipher,
    settings: deps.settings,
    opener: deps.opener,
    logger: deps.logger,
    fetch: deps.fetch,
    callbackTimeoutMs: deps.callbackTimeoutMs,
    privateUseScheme: deps.mode === 'electron',
    onEvent: (event) => {
      emit(event);
      if (event.type === 'link-finished' && event.outcome === 'linked' && event.connectionId) {
        void syncConnection(event.connectionId);
      }
    },
  });
  if (deps.mockBankOrigin) auth.registry.seedCatalog(mockBankCatalog(deps.mockBankOrigin));

  const engine = new SyncEngine({
    db,
    fetchResource: (connectionId, url, init) => auth.tokens.fetchResource(connectionId, url, init),
    emit: (event) => {
      if (event.type === 'data-changed') referenceIndexer.schedule();
      emit(event);
    },
    onPairingError: (err) => deps.logger.error('pairing transfers after a sync failed', { err }),
    // Recurring bills (issue 11)
    afterRun: (runId) => recurringAfterSync(runId),
  });
  // Recurring bills (issue 11)
  function recurringAfterSync(runId: number | null): void {
    try {
      recurring.refreshRecurring(db, runId, today());
    } catch (err) {
      deps.logger.error('finding recurring bills failed', { err });
    }
  }
  // a database from before recurring bills: find them once, off the start-up path
  const recurringStart = recurring.neverDetected(db) ? setImmediate(() => db.open && recurringAfterSync(null)) : null;
  const syncableIds = () => connections.list().filter((c) => c.status !== 'needs_reauth').map((c) => c.id);
  const scheduler = new SyncScheduler({
    engine,
    connectionIds: syncableIds,
    intervalMs: deps.syncIntervalMs,
    concurrency: 2,
    onError: (connectionId, err) => deps.logger.error('sync failed', { connectionId, err }),
  });

  const dataSafety = createDataSafety({
    ...deps.backups,
    db,
    dataDir: deps.dataDir,
    databaseFile: path.join(deps.dataDir, DATABASE_FILE),
    settings: deps.settings,
    logger: deps.logger,
    dialogs: deps.dialogs,
    connections,
    providers,
    hasSecrets: (connectionId) => auth.vault.has(connectionId),
    syncs: scheduler,
    emit,
    afterRestore: () => {
      referenceIndexer.schedule();
      if (deps.mockBankOrigin) auth.registry.seedCatalog(mockBankCatalog(deps.mockBankOrigin));
    },
  });

  // Import (issue 12)
  const imports = new ImportPipeline(db, now, (progress) => emit({ type: 'import-progress', ...progress }));
  // Desktop (issue 13)
  const notifier = createNotifier({
    settings: deps.settings,
    connections: () =>
      connections.list().map((c) => ({ id: c.id, bankName: providers.get(c.providerId)?.name ?? c.providerId, status: c.status, consentExpiresAt: c.consentExpiresAt })),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit,
    now: deps.now,
  });
  const desktopSettings = createDesktopSettings(deps.settings, deps.onDesktopSettings);
  const appLock = createAppLock({ settings: deps.settings, biometric: deps.biometric });
  const lockChange = async <T,>(change: Promise<T>): Promise<T> => {
    const status = await change;
    emit({ type: 'lock-changed' });
    return status;
  };

  async function syncConnection(connectionId: string, options: { full?: boolean } = {}): Promise<void> {
    const running = scheduler.syncNow(connectionId, options);
    emit({ type: 'connections-changed' });
    await running;
    emit({ type: 'connections-changed' });
  }

  function toConnectionDTO(c: ConnectionRecord, accountCounts: Map<string, number>): ConnectionDTO {
    const provider = providers.get(c.providerId);
    return {
      id: c.id,
      providerId: c.providerId,
      providerName: provider?.name ?? c.providerId,
      color: provider?.color ?? '#64748b',
      status: scheduler.isSyncing(c.id) ? 'syncing' : c.status,
      statusReason: c.statusReason,
      suggestedAction: suggestedAction(c),
      identity: c.sub ? { sub: c.sub, name: c.name } : null,
      scopes: c.scopes,
      consentExpiresAt: c.consentExpiresAt,
      lastSyncAt: c.lastSyncAt,
      accountCount: accountCounts.get(c.id) ?? 0,
      createdAt: c.createdAt,
    };
  }

  /** A change of categories: the dashboards hear of it when any transaction changed. */
  function changed<T extends { updated: number }>(result: T): T {
    if (result.updated > 0) emit({ type: 'data-changed' });
    return result;
  }

  function requireConnection(connectionId: string): ConnectionRecord {
    const c = connections.get(connectionId);
    if (!c) throw new ServiceError('not_found', 'That bank connection no longer exists. Reload the Connections page.');
    return c;
  }

  const service: MyBucksService = {
    async getAppInfo() {
      const availability = await deps.cipher.availability();
      return {
        mode: deps.mode ?? 'browser',
        version: deps.version ?? '0.1.0',
        dataDir: deps.dataDir,
        vault: {
          kind: deps.cipher.kind,
          available: availability.ok,
          protectsAgainst: deps.cipher.protectsAgainst,
          problem: availability.ok ? null : availability.reason,
        },
      };
    },
    async listProviders() {
      return auth.registry.list().map(toProviderDTO);
    },
    async checkProvider({ issuer }) {
      return auth.registry.check(issuer).catch((err: unknown) => {
        throw asServiceError(err);
      });
    },
    async addProvider({ issuer, displayName, clientId, clientSecret, apiBase }) {
      if (clientSecret && !clientId) throw new ServiceError('invalid_input', 'A client secret needs the client ID the bank issued with it.');
      try {
        return toProviderDTO(await auth.registry.addByIssuer(issuer, { displayName, clientId, clientSecret, apiBase }));
      } catch (err) {
        throw asServiceError(err);
      }
    },
    async updateProvider({ providerId, displayName, apiBase }) {
      const provider = toProviderDTO(auth.registry.update(providerId, { displayName, apiBase }));
      emit({ type: 'connections-changed' });
      return provider;
    },
    async removeProvider({ providerId }) {
      await auth.registry.remove(providerId).catch((err: unknown) => {
        throw asServiceError(err);
      });
    },
    async startLink({ providerId, reauthorizeConnectionId }) {
      if (reauthorizeConnectionId) requireConnection(reauthorizeConnectionId);
      const { linkId, authorizationUrl, expiresAt, browserOpened } = await auth.links.start(providerId, { reauthorizeConnectionId });
      return { linkId, providerId, authorizationUrl, expiresAt, browserOpened };
    },
    async cancelLink({ linkId }) {
      await auth.links.cancel(linkId);
    },
    async listConnections() {
      const accountCounts = reports.accountCountsByConnection(db);
      return connections.list().map((c) => toConnectionDTO(c, accountCounts));
    },
    async syncNow({ connectionId }) {
      if (connectionId) {
        requireConnection(connectionId);
        void syncConnection(connectionId);
      } else {
        for (const id of syncableIds()) void syncConnection(id);
      }
    },
    async verifyNow({ connectionId }) {
      if (connectionId) {
        requireConnection(connectionId);
        void syncConnection(connectionId, { full: true });
      } else {
        for (const id of syncableIds()) void syncConnection(id, { full: true });
      }
    },
    async cancelSync({ connectionId }) {
      scheduler.cancel(connectionId);
    },
    async disconnect({ connectionId, keepData }) {
      requireConnection(connectionId);
      scheduler.cancel(connectionId);
      const result = await auth.tokens.disconnect(connectionId, { keepData });
      if (!keepData) transfers.settleDeletedTransfers(db);
      emit({ type: 'connections-changed' });
      emit({ type: 'data-changed' });
      return result;
    },
    async listAccounts() {
      return reports.listAccounts(db);
    },
    async listCategories() {
      return reports.listCategories(db);
    },
    async listRules() {
      return reports.listRules(db);
    },
    async createRule(input) {
      const result = reports.createRule(db, input);
      if (result.updated > 0) emit({ type: 'data-changed' });
      return result;
    },
    async deleteRule({ ruleId }) {
      reports.deleteRule(db, ruleId);
    },
    async listTransactions(query) {
      return splits.decoratePage(db, reports.listTransactions(db, query));
    },
    async setTransactionCategory({ transactionId, categoryId }) {
      reports.setTransactionCategory(db, transactionId, categoryId);
      emit({ type: 'data-changed' });
    },
    async exportTransactionsCsv(filter) {
      return reports.exportTransactionsCsv(db, filter);
    },
    async pairTransfer(input) {
      transfers.pairTransfer(db, input, now());
      emit({ type: 'data-changed' });
    },
    async unpairTransfer({ transactionId }) {
      transfers.unpairTransfer(db, transactionId);
      emit({ type: 'data-changed' });
    },
    async transferCandidates({ transactionId }) {
      return transfers.transferCandidates(db, transactionId);
    },
    async getCurrencySettings() {
      return currency.getCurrencySettings();
    },
    async setHomeCurrency({ currency: code }) {
      const result = await currency.setHomeCurrency(code);
      emit({ type: 'data-changed' });
      return result;
    },
    async setManualRate(input) {
      const result = await currency.setManualRate(input);
      emit({ type: 'data-changed' });
      return result;
    },
    async deleteManualRate(input) {
      const result = await currency.deleteManualRate(input);
      emit({ type: 'data-changed' });
      return result;
    },
    async refreshRates() {
      const result = await currency.refreshRates();
      emit({ type: 'data-changed' });
      return result;
    },
    async netWorthSummary() {
      return currency.netWorthSummary();
    },
    async netWorthHome(range) {
      // the days with balance history only (never flat into the future); a reversed range is refused
      const days = reports.clampRangeToData(db, range, today());
      return currency.netWorthHome(days ? { ...range, ...days } : range);
    },
    async netWorth(range) {
      return reports.netWorth(db, range, today());
    },
    async balancesByBank() {
      return reports.balancesByBank(db);
    },
    async spendingByCategory(range) {
      return reports.spendingByCategory(db, range);
    },
    async spendingTrend(range) {
      return reports.spendingTrend(db, range);
    },
    async incomeVsExpenses(range) {
      return reports.incomeVsExpenses(db, range);
    },
    async topMerchants(range) {
      return reports.topMerchants(db, range);
    },
    async cashFlow(range) {
      return reports.cashFlow(db, range);
    },
    async listSyncRuns(query) {
      return reports.listSyncRuns(db, query);
    },
    async updateAccount(input) {
      const account = reports.updateAccount(db, input);
      emit({ type: 'data-changed' });
      return account;
    },
    async reorderAccounts({ accountIds }) {
      reports.reorderAccounts(db, accountIds);
      emit({ type: 'data-changed' });
    },
    async createManualAccount(input) {
      const account = reports.createManualAccount(db, input);
      emit({ type: 'data-changed' });
      return account;
    },
    async setManualBalance(input) {
      const account = reports.setManualBalance(db, input);
      emit({ type: 'data-changed' });
      return account;
    },
    async accountHistory(input) {
      return reports.accountHistory(db, input);
    },
    ...dataSafety.methods,
    // Import (issue 12)
    async importUpload(input) {
      return imports.upload(input);
    },
    async importPreview(input) {
      return imports.preview(input);
    },
    async importCommit(input) {
      const result = imports.commit(input);
      if (result.added > 0) {
        referenceIndexer.schedule();
        emit({ type: 'data-changed' });
      }
      return result;
    },
    async listImports({ accountId }) {
      return imports.list(accountId);
    },
    async undoImport({ importId }) {
      const batch = imports.undo(importId);
      emit({ type: 'data-changed' });
      return batch;
    },
    // Budgets (issue 11)
    ...budgetMethods({ db, currency, today }),

    // Categories and rules (issue 11)
    async createCategory(input) {
      return categories.createCategory(db, input);
    },
    async updateCategory(input) {
      const category = categories.updateCategory(db, input);
      emit({ type: 'data-changed' });
      return category;
    },
    async mergeCategory({ fromId, intoId }) {
      const result = categories.mergeCategory(db, fromId, intoId);
      emit({ type: 'data-changed' });
      return result;
    },
    async categoryUsage() {
      return categories.categoryUsage(db);
    },
    async updateRule(input) {
      return changed(rules.updateRule(db, input));
    },
    async setRuleEnabled({ ruleId, enabled }) {
      return changed(rules.setRuleEnabled(db, ruleId, enabled));
    },
    async reorderRules({ ruleIds }) {
      return changed(rules.reorderRules(db, ruleIds));
    },
    async previewRule(input) {
      return rules.previewRule(db, input);
    },
    async applyRule({ ruleId }) {
      return changed(rules.applyRule(db, ruleId));
    },
    async ruleMatchCounts() {
      return rules.ruleMatchCounts(db);
    },
    async splitTransaction(input) {
      splits.splitTransaction(db, input);
      emit({ type: 'data-changed' });
    },
    async unsplitTransaction({ transactionId }) {
      splits.unsplitTransaction(db, transactionId);
      emit({ type: 'data-changed' });
    },
    async splitsNeedingAttention() {
      return splits.splitsNeedingAttention(db);
    },
    async recategoriseTransactions({ transactionIds, categoryId }) {
      return changed(splits.recategoriseTransactions(db, transactionIds, categoryId));
    },
    async undoRecategorise({ changes }) {
      return changed(splits.undoRecategorise(db, changes));
    },
    // Recurring bills (issue 11)
    async recurringOverview() {
      return recurring.recurringOverview(db, today());
    },
    async confirmRecurring({ seriesId }) {
      recurring.confirmSeries(db, seriesId);
      emit({ type: 'data-changed' });
    },
    async editRecurring({ seriesId, ...change }) {
      recurring.editSeries(db, seriesId, change, today());
      emit({ type: 'data-changed' });
    },
    async dismissRecurring({ seriesId }) {
      recurring.dismissSeries(db, seriesId);
      emit({ type: 'data-changed' });
    },
    // Desktop (issue 13)
    async getNotificationSettings() {
      return notifier.getSettings();
    },
    async setNotificationSettings(input) {
      return notifier.setSettings(input);
    },
    async getDesktopSettings() {
      return desktopSettings.get();
    },
    async setDesktopSettings(input) {
      return desktopSettings.set(input);
    },
    async getLockStatus() {
      return appLock.status();
    },
    configureLock: (input) => lockChange(appLock.configure(input)),
    disableLock: ({ passcode }) => lockChange(appLock.disable(passcode)),
    lockNow: () => lockChange(Promise.resolve(appLock.lockNow())),
    unlock: ({ passcode }) => lockChange(appLock.unlock(passcode)),
    unlockWithTouchId: () => lockChange(appLock.unlockWithTouchId()),
  };

  scheduler.start();
  dataSafety.start();
  notifier.check();

  return {
    service: guardedByLock(service, appLock),
    events: {
      on(listener: (event: AppEvent) => void): () => void {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    /** Whether `url` is a page a bank named for its customers (its connected-apps page), which the app may open in the browser. */
    isBankPage(url: string): boolean {
      return auth.registry.list().some((p) => p.profile.connectedAppsUrl !== null && p.profile.connectedAppsUrl === url);
    },
    // Desktop (issue 13)
    /** The desktop shell's own settings, read also while the app is locked (the tray and the window depend on them). */
    desktopSettings: () => desktopSettings.get(),
    /** App events for the windows (IPC fan-out, the bridge's event stream): while locked, only the lock's own. */
    windowEvents: {
      on(listener: (event: AppEvent) => void): () => void {
        const filtered = (event: AppEvent) => {
          if (windowMaySee(event, appLock)) listener(event);
        };
        listeners.add(filtered);
        return () => listeners.delete(filtered);
      },
    },
    /** A private-use scheme redirect the OS handed the desktop app (RFC 8252 §7.1); refused unless a link waits for its state. */
    receiveRedirect(url: string): Promise<RedirectDelivery> {
      return auth.redirects ? auth.redirects.deliver(url) : Promise.resolve('not-a-callback');
    },
    /** Test and shutdown hook: resolves when a connection's running sync (if any) has ended. */
    scheduler,
    /** Backups and export; test hook: `dataSafety.automaticCheck()`. */
    dataSafety,
    async close(): Promise<void> {
      await dataSafety.close();
      await auth.links.dispose();
      await scheduler.stop();
      referenceIndexer.stop();
      // Recurring bills (issue 11)
      if (recurringStart) clearImmediate(recurringStart);
      notifier.stop();
      listeners.clear();
      imports.close();
      db.close();
    },
  };
}

export type Core = ReturnType<typeof createService>;
