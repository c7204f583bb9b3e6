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
  // Categories and rules (issue 11): one split row in the list
  const splitOf = (amountMinor: number) => ({
    needsAttention: false,
    splitAmountMinor: amountMinor,
    parts: [
      { categoryId: 'groceries', categoryName: 'Groceries', color: cats[0].color, amountMinor: amountMinor + 1500 },
      { categoryId: 'health', categoryName: 'Health', color: cats[6].color, amountMinor: -1500 },
    ],
  });
  const rule = (id: string, position: number, over: Record<string, unknown>) => ({
    id,
    field: null,
    op: null,
    value: null,
    minAmountMinor: null,
    maxAmountMinor: null,
    amountCurrency: null,
    accountId: null,
    bankTxCode: null,
    categoryId: null,
    payeeName: null,
    markTransfer: false,
    enabled: true,
    position,
    createdAt: new Date().toISOString(),
    ...over,
  });
  const rules = [
    rule('r1', 1, { field: 'merchant', op: 'contains', value: 'pret', categoryId: 'eating-out', payeeName: 'Pret' }),
    rule('r2', 2, { field: 'description', op: 'contains', value: 'octopus', minAmountMinor: 5000, maxAmountMinor: 20000, amountCurrency: 'GBP', categoryId: 'utilities' }),
    rule('r3', 3, { accountId: 'a2', bankTxCode: 'TFR', markTransfer: true }),
    rule('r4', 4, { field: 'merchant', op: 'equals', value: 'Amazon', categoryId: 'shopping', enabled: false }),
  ];
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
      split: i === 4 ? splitOf(-((i * 7919) % 9000) - 150) : null,
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
    listRules: () => ok(rules),
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
    // Import (issue 12): a CSV that needs its columns, then a preview with one row of each kind
    importUpload: (i: { totalBytes: number }) => ok({ uploadId: 'up-1', receivedBytes: i.totalBytes }),
    importPreview: (i: { csvMapping?: unknown }) => {
      const mapping = { date: 0, description: 1, amount: 2, dateFormat: 'DD/MM/YYYY', decimalSeparator: '.', defaultCurrency: 'GBP' };
      const csv = { delimiter: ',', hasHeader: true, headers: ['Date', 'Description', 'Amount'], sampleRows: [['01/04/2026', 'TESCO STORES 2041', '-38.75']], dateFormats: ['DD/MM/YYYY'], decimalSeparator: '.', mapping, saved: false };
      const row = (index: number, amountMinor: number, description: string) => ({ index, where: `line ${index + 2}`, bookingDate: iso(today), amountMinor, currency: 'GBP', description, payee: null, status: 'booked' });
      const counts = i.csvMapping ? { total: 3, new: 1, duplicate: 1, ambiguous: 1 } : { total: 0, new: 0, duplicate: 0, ambiguous: 0 };
      return ok({
        previewId: i.csvMapping ? 'p-1' : '', expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(), fileName: 'april.csv', format: 'csv', needsMapping: !i.csvMapping, csv,
        fileAccount: { accountId: null, name: null, currency: null }, statements: null, target: { accountId: accounts[0].id, name: accounts[0].name, currency: 'GBP' }, counts,
        newRows: i.csvMapping ? [row(0, -3875, 'TESCO STORES 2041')] : [],
        duplicates: i.csvMapping ? [{ ...row(1, 245000, 'ACME LTD SALARY APR'), reason: 'same_key', match: null }] : [],
        ambiguous: i.csvMapping ? [{ ...row(2, -1200, 'BOLT RIDE'), candidates: [{ transactionId: '1', bookingDate: iso(today), amountMinor: -1200, currency: 'GBP', description: 'UBER TRIP', merchant: null, source: 'bank', similarity: 0.3 }] }] : [],
        warnings: [], importedBefore: null,
      });
    },
    importCommit: () => ok({ importId: '1', accountId: accounts[0].id, accountName: accounts[0].name, added: 1, duplicates: 1, skipped: 1, message: `Added 1 transaction from april.csv (CSV) to “${accounts[0].name}”; 1 row already in MyBucks was left out; 1 row you chose to skip was not imported.` }),
    listImports: () => ok([]),
    undoImport: () => Promise.reject(new Error('not in the fixture')),
    // Budgets (issue 11): this month's budget by group, with pending, an overspend, a carry-over and uncategorised spending
    ...(() => {
      const spentOf = (total: number, pending = 0) => ({ totalMinor: total, pendingMinor: pending, byCurrency: total ? [{ currency: 'GBP', minor: total, pendingMinor: pending, convertedMinor: total, unconvertedMinor: 0 }] : [] });
      const plan: [string | null, string, string | null, string, number | null, number, number, number][] = [
        ['bills', 'Bills', 'housing', 'Housing', 95_000, 95_000, 0, 0],
        ['bills', 'Bills', 'bills', 'Bills & utilities', 18_000, 16_420, 0, 0],
        ['everyday', 'Everyday', 'groceries', 'Groceries', 40_000, 31_200, 2_400, 0],
        ['everyday', 'Everyday', 'transport', 'Transport', 12_000, 8_640, 0, 0],
        ['everyday', 'Everyday', 'health', 'Health', 4_000, 1_299, 0, 1_500],
        ['fun', 'Fun', 'eating-out', 'Eating out', 10_000, 13_000, 0, 0],
        ['fun', 'Fun', 'entertainment', 'Entertainment', 6_000, 2_798, 0, 0],
        ['fun', 'Fun', 'shopping', 'Shopping', null, 4_550, 0, 0],
        [null, 'Other spending', null, 'Uncategorised', null, 800, 0, 0],
      ];
      const colors: Record<string, string> = { housing: '#9c6644', bills: '#9e43b6', groceries: '#2e7d32', transport: '#1976d2', health: '#00838f', 'eating-out': '#e65100', entertainment: '#d32f2f', shopping: '#c62665' };
      const monthOf = (m: string) => {
        const current = iso(today).slice(0, 7);
        const [y, mm] = m.split('-').map(Number);
        const days = new Date(Date.UTC(y, mm, 0)).getUTCDate();
        const elapsed = today.getDate();
        const pace = (s: number) => (m === current ? { projectedMinor: Math.round((s * days) / elapsed), elapsedDays: elapsed, daysInMonth: days } : null);
        const groups: { groupId: string | null; name: string; lines: unknown[]; budgetedMinor: number | null; categoriesAvailableMinor: number; availableMinor: number; spent: ReturnType<typeof spentOf>; budgetedSpentMinor: number; leftMinor: number; pace: unknown }[] = [];
        for (const [groupId, groupName, categoryId, name, budgeted, spent, pending, carry] of plan) {
          let g = groups.find((x) => x.groupId === groupId);
          if (!g) {
            g = { groupId, name: groupName, lines: [], budgetedMinor: null, categoriesAvailableMinor: 0, availableMinor: 0, spent: spentOf(0), budgetedSpentMinor: 0, leftMinor: 0, pace: null };
            groups.push(g);
          }
          const available = (budgeted ?? 0) + carry;
          g.lines.push({ categoryId, name, color: categoryId ? colors[categoryId] : '#8a8a8a', budgetedMinor: budgeted, carryInMinor: carry, carryOver: carry !== 0, budgeted: budgeted !== null || carry !== 0, availableMinor: available, spent: spentOf(spent, pending), leftMinor: available - spent, pace: pace(spent) });
          g.categoriesAvailableMinor += available;
          g.availableMinor += available;
          g.spent = spentOf(g.spent.totalMinor + spent, g.spent.pendingMinor + pending);
          if (budgeted !== null || carry !== 0) g.budgetedSpentMinor += spent;
          g.leftMinor = g.availableMinor - g.budgetedSpentMinor;
          g.pace = pace(g.budgetedSpentMinor);
        }
        const available = groups.reduce((n, g) => n + g.availableMinor, 0);
        const total = groups.reduce((n, g) => n + g.spent.totalMinor, 0);
        const covered = groups.reduce((n, g) => n + g.budgetedSpentMinor, 0);
        return {
          month: m,
          book: { currency: 'GBP', allCurrencies: true },
          homeCurrency: 'GBP',
          books: [{ currency: 'GBP', allCurrencies: true }, { currency: 'EUR', allCurrencies: false }, { currency: 'GBP', allCurrencies: false }],
          state: m === current ? 'current' : m < current ? 'past' : 'future',
          groups,
          totals: { availableMinor: available, spent: spentOf(total, 2_400), budgetedSpentMinor: covered, leftMinor: available - covered, pace: pace(covered) },
          unconverted: [],
          ratesNote: "Spending in EUR is converted to GBP at each day's exchange rate.",
        };
      };
      const yearOf = (y: number) => {
        const ms = Array.from({ length: 12 }, (_, i) => `${y}-${String(i + 1).padStart(2, '0')}`);
        const rows = plan.map(([, groupName, categoryId, name, budgeted, spent], r) => ({
          categoryId,
          name,
          groupName: categoryId ? groupName : null,
          cells: ms.map((m, i) => ({ month: m, budgetedMinor: budgeted, spentMinor: m > iso(today).slice(0, 7) ? 0 : Math.round(spent * (0.7 + (((i + 3) * (r + 5)) % 7) / 10)) })),
        }));
        return {
          year: y,
          book: { currency: 'GBP', allCurrencies: true },
          months: ms,
          rows,
          totals: ms.map((m, i) => ({ month: m, budgetedMinor: plan.reduce((n, p) => n + (p[4] ?? 0), 0), spentMinor: rows.reduce((n, r) => n + r.cells[i].spentMinor, 0) })),
          unconverted: [],
          ratesNote: '',
        };
      };
      const groupsList = [
        { id: 'bills', name: 'Bills', sortOrder: 1, categoryIds: ['bills', 'housing'] },
        { id: 'everyday', name: 'Everyday', sortOrder: 2, categoryIds: ['groceries', 'health', 'transport'] },
        { id: 'fun', name: 'Fun', sortOrder: 3, categoryIds: ['eating-out', 'entertainment', 'shopping'] },
      ];
      return {
        listCategoryGroups: () => ok(groupsList),
        createCategoryGroup: () => Promise.reject(new Error('not in the fixture')),
        renameCategoryGroup: () => Promise.reject(new Error('not in the fixture')),
        deleteCategoryGroup: () => Promise.reject(new Error('not in the fixture')),
        moveCategoryToGroup: () => Promise.reject(new Error('not in the fixture')),
        getBudgetMonth: (i: { month: string }) => ok(monthOf(i.month)),
        setBudget: (i: { month: string }) => ok(monthOf(i.month)),
        setBudgetCarryover: (i: { month: string }) => ok(monthOf(i.month)),
        setBudgetsFromAverage: (i: { month: string }) => ok({ budget: monthOf(i.month), changed: 7 }),
        copyLastMonthBudget: (i: { month: string }) => ok({ budget: monthOf(i.month), copied: 8 }),
        getBudgetYear: (i: { year: number }) => ok(yearOf(i.year)),
      };
    })(),
    onEvent: () => () => {},

    // Categories and rules (issue 11)
    createCategory: () => Promise.reject(new Error('not in the fixture')),
    updateCategory: () => Promise.reject(new Error('not in the fixture')),
    mergeCategory: () => Promise.reject(new Error('not in the fixture')),
    categoryUsage: () => ok(cats.map((c, i) => ({ categoryId: c.id, transactions: 1200 - i * 97, rules: i % 3 }))),
    updateRule: () => Promise.reject(new Error('not in the fixture')),
    setRuleEnabled: () => Promise.reject(new Error('not in the fixture')),
    reorderRules: () => Promise.reject(new Error('not in the fixture')),
    previewRule: () =>
      ok({
        matches: 212,
        changes: 37,
        rows: [tx(2), tx(10), tx(18)].map((t) => ({ transaction: t, fromCategoryName: t.categoryName, toCategoryName: 'Eating out', payeeName: 'Pret' })),
      }),
    applyRule: () => ok({ updated: 0 }),
    ruleMatchCounts: () => ok(rules.map((r, i) => ({ ruleId: r.id, matches: [212, 48, 12, 0][i] }))),
    splitTransaction: () => ok(undefined),
    unsplitTransaction: () => ok(undefined),
    splitsNeedingAttention: () => ok([{ ...tx(9), amountMinor: -5400, split: { ...splitOf(-4900), needsAttention: true } }]),
    recategoriseTransactions: () => ok({ updated: 0, undo: [] }),
    undoRecategorise: () => ok({ updated: 0 }),
    // Recurring bills (issue 11): rent, energy, a phone missed, streaming with a price rise, a cancelled gym, yearly insurance, salary
    recurringOverview: () => {
      const t = iso(today);
      const ym = t.slice(0, 7);
      const next = iso(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 1))).slice(0, 7);
      const on = (m: string, d: number) => `${m}-${String(d).padStart(2, '0')}`;
      const nextOf = (d: number) => (on(ym, d) >= t ? on(ym, d) : on(next, d));
      const s = (id: string, name: string, over: Record<string, unknown>) => ({
        id, status: 'confirmed', name, accountId: 'acc-1', accountName: 'Everyday Current', currency: 'GBP', direction: 'out', cadence: 'monthly',
        expectedMinor: 1000, variable: false, yearlyMinor: 12000, firstDay: '2024-12-01', lastDay: on(ym, 1), nextDay: nextOf(1), state: 'active',
        isNew: false, priceRise: null, occurrences: 24, ...over,
      });
      const series = [
        s('4', 'Disney+', { status: 'suggested', accountName: 'Travel Card', expectedMinor: 999, yearlyMinor: 11988, nextDay: nextOf(3), priceRise: { fromMinor: 799, toMinor: 999 } }),
        s('9', 'Octopus Energy', { status: 'suggested', variable: true, expectedMinor: 11480, yearlyMinor: 137760, nextDay: nextOf(5) }),
        s('5', 'Acme Analytics Ltd Salary', { direction: 'in', expectedMinor: 310000, yearlyMinor: 3720000, nextDay: nextOf(25) }),
        s('1', 'Foxtons Lettings Rent', { expectedMinor: 145000, yearlyMinor: 1740000 }),
        s('7', 'EE Mobile', { expectedMinor: 2500, yearlyMinor: 30000, nextDay: iso(new Date(today.getTime() - 8 * day)), state: 'missed' }),
        s('8', 'Spotify Premium', { accountName: 'Travel Card', expectedMinor: 1199, yearlyMinor: 14388, nextDay: nextOf(8), isNew: true, occurrences: 3 }),
        s('6', 'Direct Line Insurance', { cadence: 'yearly', expectedMinor: 38940, yearlyMinor: 38940, nextDay: nextOf(21), priceRise: { fromMinor: 36735, toMinor: 38940 }, occurrences: 2 }),
        s('3', 'PureGym', { accountName: 'Travel Card', expectedMinor: 2499, yearlyMinor: 29988, lastDay: iso(new Date(today.getTime() - 130 * day)), state: 'ended', occurrences: 19 }),
      ];
      const occurrences: Record<string, unknown>[] = [];
      for (const x of series) {
        if (x.state === 'ended') continue;
        for (const m of [ym, next]) {
          const d = on(m, Number(String(x.nextDay).slice(8)));
          if (x.cadence === 'yearly' && d !== x.nextDay) continue;
          if (x.state === 'missed' && d <= t) continue;
          occurrences.push({ seriesId: x.id, name: x.name, day: d, amountMinor: x.expectedMinor, currency: 'GBP', direction: x.direction, paid: d < t, suggested: x.status === 'suggested' });
        }
      }
      occurrences.sort((a, b) => (String(a.day) < String(b.day) ? -1 : 1));
      const totals = [ym, next].map((m) => ({
        month: m,
        currency: 'GBP',
        billsMinor: occurrences.filter((o) => String(o.day).startsWith(m) && o.direction === 'out').reduce((a, o) => a + Number(o.amountMinor), 0),
        incomeMinor: occurrences.filter((o) => String(o.day).startsWith(m) && o.direction === 'in').reduce((a, o) => a + Number(o.amountMinor), 0),
      }));
      return ok({ today: t, series, occurrences, monthTotals: totals });
    },
    confirmRecurring: () => ok(undefined),
    editRecurring: () => ok(undefined),
    dismissRecurring: () => ok(undefined),
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
