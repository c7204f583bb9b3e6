/**
 * Installs a fixture `window.mybucks` in the page (runs in the browser via addInitScript, so it must be
 * self-contained). Two banks, GBP and EUR, a year of history and a million transactions paged by cursor or offset.
 */
export function installFakeApi(options: { firstRun: boolean; expiringSoon: boolean }): void {
  const day = 86_400_000;
  const today = new Date();
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const cats = [
    { id: 'groceries', name: 'Groceries', kind: 'expense', color: '#10b981' },
    { id: 'rent', name: 'Rent', kind: 'expense', color: '#6366f1' },
    { id: 'eating-out', name: 'Eating out', kind: 'expense', color: '#f59e0b' },
    { id: 'transport', name: 'Transport', kind: 'expense', color: '#0ea5e9' },
    { id: 'utilities', name: 'Utilities', kind: 'expense', color: '#a855f7' },
    { id: 'shopping', name: 'Shopping', kind: 'expense', color: '#ec4899' },
    { id: 'health', name: 'Health', kind: 'expense', color: '#ef4444' },
    { id: 'salary', name: 'Salary', kind: 'income', color: '#22c55e' },
  ];
  const merchants = ['Tesco', 'Sainsbury’s', 'Pret A Manger', 'TfL', 'Octopus Energy', 'Amazon', 'Boots', 'Landlord Ltd'];
  const acc = (id: string, providerId: string, providerName: string, name: string, type: string, currency: string, balanceMinor: number, mask: string) => ({
    id,
    connectionId: providerId === 'memorial' ? 'conn-1' : 'conn-2',
    providerId,
    providerName,
    name,
    type,
    currency,
    mask,
    balanceMinor,
    balanceAt: new Date().toISOString(),
  });
  const accounts = [
    acc('a1', 'memorial', 'Memorial Bank', 'Everyday Current', 'checking', 'GBP', 245_318, '4821'),
    acc('a2', 'memorial', 'Memorial Bank', 'Rainy Day Saver', 'savings', 'GBP', 1_250_000, '9910'),
    acc('h1', 'harbor', 'Harbor Credit Union', 'Visa Credit', 'credit_card', 'GBP', -48_213, '0042'),
    acc('h2', 'harbor', 'Harbor Credit Union', 'Euro Account', 'checking', 'EUR', 380_075, '7731'),
  ];
  const banks = [
    { providerId: 'memorial', providerName: 'Memorial Bank', color: '#1d4ed8', accounts: accounts.slice(0, 2), totals: [{ currency: 'GBP', minor: 1_495_318 }] },
    {
      providerId: 'harbor',
      providerName: 'Harbor Credit Union',
      color: '#0f766e',
      accounts: accounts.slice(2),
      totals: [
        { currency: 'GBP', minor: -48_213 },
        { currency: 'EUR', minor: 380_075 },
      ],
    },
  ];
  const months = Array.from({ length: 12 }, (_, i) => {
    const d = new Date(today.getFullYear(), today.getMonth() - 11 + i, 1);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
  });
  const total = 1_000_000;
  const tx = (i: number) => {
    const m = merchants[i % merchants.length];
    const cat = cats[i % 7];
    return {
      id: `t${i}`,
      accountId: 'a1',
      accountName: i % 3 ? 'Everyday Current' : 'Visa Credit',
      providerName: i % 3 ? 'Memorial Bank' : 'Harbor Credit Union',
      bookingDate: iso(new Date(today.getTime() - Math.floor(i / 40) * day)),
      valueDate: null,
      amountMinor: i % 29 === 0 ? 320_000 : -((i * 7919) % 9000) - 150,
      currency: 'GBP',
      description: `CARD PAYMENT TO ${m.toUpperCase()} REF ${100000 + i}`,
      merchant: m,
      status: i < 3 ? 'pending' : 'booked',
      categoryId: i % 5 === 0 ? null : cat.id,
      categoryName: i % 5 === 0 ? null : cat.name,
      categoryManual: false,
    };
  };
  const connections = [
    {
      id: 'conn-1',
      providerId: 'memorial',
      providerName: 'Memorial Bank',
      color: '#1d4ed8',
      status: 'ok',
      statusReason: null,
      suggestedAction: null,
      identity: { sub: 'sarah', name: 'Sarah Lee' },
      scopes: ['openid', 'profile', 'accounts', 'balances', 'transactions', 'offline_access'],
      consentExpiresAt: new Date(Date.now() + (options.expiringSoon ? 5 : 80) * day).toISOString(),
      lastSyncAt: new Date(Date.now() - 600_000).toISOString(),
      accountCount: 2,
      createdAt: new Date().toISOString(),
    },
    {
      id: 'conn-2',
      providerId: 'harbor',
      providerName: 'Harbor Credit Union',
      color: '#0f766e',
      status: 'needs_reauth',
      statusReason: 'Harbor Credit Union ended MyBucks’ access (the grant was revoked).',
      suggestedAction: 'reauthorize',
      identity: { sub: 'sarah-h', name: 'Sarah Lee' },
      scopes: ['openid', 'accounts', 'balances', 'transactions', 'offline_access'],
      consentExpiresAt: new Date(Date.now() + 60 * day).toISOString(),
      lastSyncAt: new Date(Date.now() - 3 * day).toISOString(),
      accountCount: 2,
      createdAt: new Date().toISOString(),
    },
  ];
  const providers = [
    { id: 'memorial', name: 'Memorial Bank', issuer: 'http://127.0.0.1/memorial', color: '#1d4ed8', logoText: 'MB', tagline: 'Trusted since 1907', scopes: [], custom: false, apiBase: 'http://127.0.0.1/memorial/open-banking/v4.0/aisp', connectedAppsUrl: null, redirectSummary: 'any local port' },
    { id: 'harbor', name: 'Harbor Credit Union', issuer: 'http://127.0.0.1/harbor', color: '#0f766e', logoText: 'HC', tagline: 'Member-owned banking', scopes: [], custom: false, apiBase: 'http://127.0.0.1/harbor/open-banking/v4.0/aisp', connectedAppsUrl: null, redirectSummary: 'any local port' },
    { id: 'summit', name: 'Summit Savings', issuer: 'http://127.0.0.1/summit', color: '#b45309', logoText: 'SS', tagline: 'Savings that climb', scopes: [], custom: false, apiBase: 'http://127.0.0.1/summit/open-banking/v4.0/aisp', connectedAppsUrl: null, redirectSummary: 'any local port' },
  ];
  const ok = <T,>(v: T) => Promise.resolve(v);
  const api = {
    getAppInfo: () =>
      ok({ mode: 'browser', version: '0.1.0', dataDir: '/home/sarah/.local/share/mybucks', vault: { kind: 'file-key', available: true, protectsAgainst: 'Refresh tokens are encrypted with a key file kept apart from the database, so a copy of the database alone reveals no tokens.', problem: null } }),
    listProviders: () => ok(providers),
    checkProvider: () => Promise.reject(new Error('not in the fixture')),
    addProvider: () => Promise.reject(new Error('not in the fixture')),
    updateProvider: () => Promise.reject(new Error('not in the fixture')),
    removeProvider: () => Promise.reject(new Error('not in the fixture')),
    startLink: (i: { providerId: string }) => ok({ linkId: 'l1', providerId: i.providerId, authorizationUrl: 'http://127.0.0.1:4100/memorial/auth?client_id=mybucks-desktop&response_type=code&code_challenge=abc&state=xyz', expiresAt: new Date(Date.now() + 5 * 60_000).toISOString(), browserOpened: true }),
    cancelLink: () => ok(undefined),
    listConnections: () => ok(options.firstRun ? [] : connections),
    syncNow: () => ok(undefined),
    verifyNow: () => ok(undefined),
    cancelSync: () => ok(undefined),
    disconnect: () => ok({ revokedAtBank: true, message: null, revokeUrl: null }),
    listAccounts: () => ok(accounts),
    updateAccount: () => Promise.reject(new Error('not in the fixture')),
    reorderAccounts: () => ok(undefined),
    createManualAccount: () => Promise.reject(new Error('not in the fixture')),
    setManualBalance: () => Promise.reject(new Error('not in the fixture')),
    accountHistory: (i: { accountId: string }) =>
      ok({ accountId: i.accountId, currency: 'GBP', points: Array.from({ length: 12 }, (_, k) => ({ date: new Date(Date.now() - (11 - k) * 30 * day).toISOString().slice(0, 10), minor: 150000 + k * 4000 - (k % 3) * 9000 })) }),
    listCategories: () => ok(cats),
    listRules: () => ok([]),
    createRule: () => ok({ rule: {}, updated: 12 }),
    deleteRule: () => ok(undefined),
    listTransactions: (q: { cursor?: string | null; offset?: number; limit?: number }) => {
      const start = q.cursor ? Number(q.cursor) : (q.offset ?? 0);
      const end = Math.min(start + (q.limit ?? 100), total);
      return ok({ rows: Array.from({ length: end - start }, (_, k) => tx(start + k)), nextCursor: end < total ? String(end) : null, total, totals: [{ currency: 'GBP', minor: -total * 1234 }] });
    },
    setTransactionCategory: () => ok(undefined),
    exportTransactionsCsv: () => ok({ filename: 'transactions.csv', csv: '' }),
    pairTransfer: () => ok(undefined),
    unpairTransfer: () => ok(undefined),
    transferCandidates: () => ok([]),
    netWorth: (q: { from: string; to: string }) => {
      const from = Math.max(Date.parse(q.from), today.getTime() - 365 * day);
      const points = [];
      for (let t = from, k = 0; t <= today.getTime(); t += day, k++) {
        points.push({ date: iso(new Date(t)), minor: 1_200_000 + k * 700 + Math.round(Math.sin(k / 9) * 60_000) });
      }
      return ok([
        { currency: 'GBP', points },
        { currency: 'EUR', points: points.map((p) => ({ date: p.date, minor: Math.round(p.minor / 4) })) },
      ]);
    },
    balancesByBank: () => ok(banks),
    spendingByCategory: () =>
      ok([
        {
          currency: 'GBP',
          items: cats.slice(0, 7).map((c, i) => ({ categoryId: c.id, name: c.name, color: c.color, minor: [95000, 31050, 18020, 12075, 9999, 6040, 2010][i], previousMinor: [88000, 35000, 18020, 10000, 0, 7000, 2500][i] })),
          pendingMinor: 1250,
        },
      ]),
    spendingTrend: () =>
      ok(months.flatMap((m, mi) => cats.slice(0, 7).map((c, i) => ({ month: m, currency: 'GBP', categoryId: c.id, name: c.name, minor: 5000 + ((mi * 13 + i * 31) % 17) * 2500 + (i === 1 ? 95000 : 0) })))),
    incomeVsExpenses: () => ok(months.map((m, i) => ({ month: m, currency: 'GBP', incomeMinor: 320000 + (i % 3) * 15000, expensesMinor: 210000 + ((i * 37) % 9) * 12000 }))),
    topMerchants: () => ok(merchants.map((m, i) => ({ merchant: m, currency: 'GBP', minor: 90000 - i * 9000, count: 40 - i * 4 }))),
    cashFlow: () =>
      ok([
        {
          currency: 'GBP',
          incomeMinor: 335000,
          expensesMinor: 174194,
          savedMinor: 160806,
          savingsRate: 160806 / 335000,
          previous: { incomeMinor: 320000, expensesMinor: 198000 },
          income: [{ categoryId: 'income', name: 'Income', minor: 335000 }],
          spending: cats.slice(0, 7).map((c, i) => ({ categoryId: c.id, name: c.name, color: c.color, minor: [95000, 31050, 18020, 12075, 9999, 6040, 2010][i] })),
        },
      ]),
    listSyncRuns: () => ok([]),
    listBackups: () =>
      ok(
        [0, 1, 2].map((d) => {
          const at = new Date(Date.now() - d * day);
          return { path: `/home/sarah/.local/share/mybucks/backups/mybucks-automatic-${at.toISOString().replace(/[:.]/g, '')}.sqlite`, createdAt: at.toISOString(), bytes: 48_234_496 - d * 70_000, kind: 'automatic' };
        }),
      ),
    createBackup: () => ok({ path: '/home/sarah/.local/share/mybucks/backups/mybucks-manual.sqlite', createdAt: new Date().toISOString(), bytes: 48_300_000, kind: 'manual' }),
    chooseFile: () => ok({ path: null }),
    inspectBackup: (i: { path: string }) =>
      ok({
        path: i.path,
        restorable: true,
        problems: [],
        schemaVersion: 5,
        contains: { connections: connections.map((c) => ({ providerName: c.providerName, name: c.identity.name })), accounts: accounts.length, transactions: total, newestTransaction: iso(today) },
        replaces: { connections: connections.length, accounts: accounts.length, transactions: total },
      }),
    restoreBackup: () => Promise.reject(new Error('not in the fixture')),
    getBackupSettings: () => ok({ automatic: true, keep: 7, folder: '/home/sarah/.local/share/mybucks/backups', lastAutomaticAt: new Date().toISOString() }),
    setBackupSettings: (i: { automatic: boolean; keep: number }) => ok({ ...i, folder: '/home/sarah/.local/share/mybucks/backups', lastAutomaticAt: new Date().toISOString() }),
    exportData: () => Promise.reject(new Error('not in the fixture')),
    // home currency GBP; the EUR account at 0.8512 GBP per EUR
    getCurrencySettings: () =>
      ok({
        homeCurrency: options.firstRun ? null : 'GBP',
        currenciesInUse: options.firstRun ? [] : ['GBP', 'EUR'],
        rates: { asOf: iso(new Date(today.getTime() - day)), source: 'ecb', fetchedAt: new Date().toISOString(), problem: null },
        manualRates: [],
      }),
    setHomeCurrency: (i: { currency: string }) => ok({ homeCurrency: i.currency, currenciesInUse: ['GBP', 'EUR'], rates: { asOf: iso(today), source: 'ecb', fetchedAt: new Date().toISOString(), problem: null }, manualRates: [] }),
    setManualRate: () => Promise.reject(new Error('not in the fixture')),
    deleteManualRate: () => Promise.reject(new Error('not in the fixture')),
    refreshRates: () => ok({ homeCurrency: 'GBP', currenciesInUse: ['GBP', 'EUR'], rates: { asOf: iso(today), source: 'ecb', fetchedAt: new Date().toISOString(), problem: null }, manualRates: [] }),
    netWorthSummary: () =>
      ok({
        currency: 'GBP',
        assetsMinor: 245_318 + 1_250_000 + Math.round(380_075 * 0.8512),
        liabilitiesMinor: 48_213,
        netMinor: 245_318 + 1_250_000 + Math.round(380_075 * 0.8512) - 48_213,
        byCurrency: [
          { currency: 'EUR', assetsMinor: 380_075, liabilitiesMinor: 0, netMinor: 380_075, homePerUnit: 0.8512, rateDay: iso(new Date(today.getTime() - day)), rateSource: 'ecb' },
          { currency: 'GBP', assetsMinor: 1_495_318, liabilitiesMinor: 48_213, netMinor: 1_447_105, homePerUnit: null, rateDay: null, rateSource: null },
        ],
        ratesNote: `Rates from ${new Date(today.getTime() - day).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' })} (ECB euro reference rates).`,
        unconverted: [],
      }),
    netWorthHome: (q: { from: string; to: string }) => {
      const from = Math.max(Date.parse(q.from), today.getTime() - 365 * day);
      const points = [];
      for (let t = from, k = 0; t <= today.getTime(); t += day, k++) {
        const assets = 1_500_000 + k * 900 + Math.round(Math.sin(k / 9) * 70_000);
        const liabilities = 40_000 + Math.round(Math.abs(Math.sin(k / 15)) * 20_000);
        points.push({ date: iso(new Date(t)), assetsMinor: assets, liabilitiesMinor: liabilities, netMinor: assets - liabilities });
      }
      return ok({ currency: 'GBP', points, ratesNote: "Each day at that day's rates (ECB euro reference rates).", unconverted: [] });
    },
    onEvent: () => () => {},
    // Desktop (issue 13)
    getNotificationSettings: () => ok({ syncFailed: true, consentExpiring: true, needsReauth: true }),
    setNotificationSettings: (i: Record<string, boolean>) => ok({ syncFailed: true, consentExpiring: true, needsReauth: true, ...i }),
    getDesktopSettings: () => ok({ runInBackground: true, startAtLogin: false }),
    setDesktopSettings: (i: Record<string, boolean>) => ok({ runInBackground: true, startAtLogin: false, ...i }),
    getLockStatus: () => ok({ enabled: false, locked: false, idleMinutes: null, touchId: false }),
    configureLock: () => Promise.reject(new Error('not in the fixture')),
    disableLock: () => Promise.reject(new Error('not in the fixture')),
    lockNow: () => ok({ enabled: false, locked: false, idleMinutes: null, touchId: false }),
    unlock: () => Promise.reject(new Error('not in the fixture')),
    unlockWithTouchId: () => Promise.reject(new Error('not in the fixture')),
  };
  (window as unknown as { mybucks: unknown }).mybucks = api;
}
