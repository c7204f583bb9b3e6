/**
 * Budgets through the service on a real SQLite file: inputs validated by the contract's schemas, errors as
 * the renderer receives them, and every "spent" opening exactly its transactions (the list's filtered total
 * equals the figure).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfSettingsStore } from '../../../src/main/adapters/node/conf-settings-store';
import { FileKeyCipher } from '../../../src/main/adapters/node/file-key-cipher';
import { CallbackUrlOpener } from '../../../src/main/adapters/node/url-opener';
import { toApiErrorBody } from '../../../src/main/api-errors';
import { openDatabase } from '../../../src/main/core/db/database';
import { silentLogger } from '../../../src/main/core/log';
import { createService, DATABASE_FILE, type Core } from '../../../src/main/core/service';
import { budgetSpentFilter } from '../../../src/shared/budget-drill';
import { apiSchemas, type ApiInput, type ApiMethod, type ApiResults } from '../../../src/shared/contract';
import type { BudgetLineDTO, BudgetMonthDTO } from '../../../src/shared/dto';
import { useTempDirs } from '../../unit/auth/temp-dirs';
import { addTxs, pair, seedLedger } from '../../unit/budgets/fixture';

const tempDir = useTempDirs();
const open: Core[] = [];
afterEach(async () => {
  for (const core of open.splice(0)) await core.close();
});

function start(dataDir: string): Core {
  const settings = new ConfSettingsStore({ dir: dataDir });
  settings.set('currency.home', 'GBP');
  const core = createService({
    dataDir,
    cipher: new FileKeyCipher({ keyFile: path.join(path.dirname(dataDir), 'vault-key') }),
    settings,
    opener: new CallbackUrlOpener(),
    logger: silentLogger,
    now: () => Date.parse('2026-11-15T12:00:00Z'),
    // offline: the rates already stored are used
    fetch: async () => {
      throw new Error('offline');
    },
    backups: { firstCheckDelayMs: 3_600_000 },
  });
  open.push(core);
  return core;
}

/** A data folder with Sarah's ledger: groceries in GBP and USD, booked and pending, a transfer, uncategorised spending. */
function seeded(): string {
  const dataDir = path.join(tempDir('mybucks-budgets-'), 'data');
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const db = openDatabase(path.join(dataDir, DATABASE_FILE));
  seedLedger(db);
  const ids = addTxs(db, [
    { day: '2026-11-02', minor: -4210, category: 'groceries' },
    { day: '2026-11-09', minor: -2599, category: 'groceries' },
    { day: '2026-11-14', minor: -1875, category: 'groceries', status: 'pending' },
    { account: 'USD1', day: '2026-11-05', minor: -3150, category: 'groceries' },
    { day: '2026-11-06', minor: -1500, category: 'eating-out' },
    { day: '2026-11-07', minor: -800, category: null },
    { day: '2026-11-08', minor: 120000, category: 'income' },
    { day: '2026-11-10', minor: -20000, category: 'groceries' },
    { account: 'GBP2', day: '2026-11-10', minor: 20000, category: 'income' },
  ]);
  pair(db, ids[7], ids[8]);
  db.close();
  return dataDir;
}

async function call<M extends ApiMethod>(core: Core, method: M, input: ApiInput<M>): Promise<ApiResults[M]> {
  const parsed = apiSchemas[method].parse(input);
  return (core.service[method] as (i: unknown) => Promise<ApiResults[M]>)(parsed);
}

/** What the renderer gets for a call: its result, or the error body (code + message). */
async function attempt<M extends ApiMethod>(core: Core, method: M, input: ApiInput<M>) {
  try {
    return { ok: true as const, result: await call(core, method, input) };
  } catch (err) {
    return { ok: false as const, error: toApiErrorBody(err) };
  }
}

const lineOf = (m: BudgetMonthDTO, id: string | null): BudgetLineDTO => m.groups.flatMap((g) => g.lines).find((l) => l.categoryId === id)!;

async function listTotals(core: Core, keys: (string | null)[], month: BudgetMonthDTO) {
  const page = await call(core, 'listTransactions', { ...budgetSpentFilter(keys, month.month, month.book), limit: 500 });
  return { totals: page.totals, rows: page.rows };
}

describe('budgets through the service', () => {
  it('sets a budget, reports spent (booked + pending) and left, and keeps it in the database file across a restart', async () => {
    const dataDir = seeded();
    let core = start(dataDir);
    const set = await call(core, 'setBudget', { month: '2026-11', categoryId: 'groceries', amountMinor: 40000 });
    const groceries = lineOf(set, 'groceries');
    expect(groceries.spent.byCurrency.map((c) => [c.currency, c.minor, c.pendingMinor])).toEqual([
      ['GBP', 4210 + 2599 + 1875, 1875],
      ['USD', 3150, 0],
    ]);
    expect(groceries.leftMinor).toBe(40000 - groceries.spent.totalMinor);
    expect(groceries.pace?.elapsedDays).toBe(15);
    await core.close();
    open.splice(0);
    core = start(dataDir);
    const again = await call(core, 'getBudgetMonth', { month: '2026-11' });
    expect(lineOf(again, 'groceries').budgetedMinor).toBe(40000);
  });

  it('a backup holds the budgets, groups and carry-over, and restoring it brings them back', async () => {
    const core = start(seeded());
    const kids = await call(core, 'createCategoryGroup', { name: 'Kids' });
    await call(core, 'moveCategoryToGroup', { categoryId: 'shopping', groupId: kids.id });
    await call(core, 'setBudget', { month: '2026-11', groupId: kids.id, amountMinor: 7000 });
    await call(core, 'setBudget', { month: '2026-11', categoryId: 'groceries', amountMinor: 40000 });
    await call(core, 'setBudgetCarryover', { month: '2026-10', categoryId: 'groceries', enabled: true });
    const before = await call(core, 'getBudgetMonth', { month: '2026-11' });
    const backup = await call(core, 'createBackup', {});
    await call(core, 'deleteCategoryGroup', { groupId: kids.id });
    await call(core, 'setBudget', { month: '2026-11', categoryId: 'groceries', amountMinor: null });
    await call(core, 'setBudgetCarryover', { month: '2026-10', categoryId: 'groceries', enabled: false });
    await call(core, 'restoreBackup', { path: backup.path });
    expect(await call(core, 'getBudgetMonth', { month: '2026-11' })).toEqual(before);
  });

  it('exports the budgets, groups and carry-over with the rest of the data (JSON)', async () => {
    const core = start(seeded());
    await call(core, 'setBudget', { month: '2026-11', categoryId: 'groceries', amountMinor: 40050 });
    await call(core, 'setBudget', { month: '2026-11', groupId: 'fun', amountMinor: 9000, book: { currency: 'USD', allCurrencies: false } });
    await call(core, 'setBudgetCarryover', { month: '2026-10', categoryId: 'groceries', enabled: true });
    const result = await call(core, 'exportData', { format: 'json' });
    const data = JSON.parse(fs.readFileSync(result.path, 'utf8')) as Record<string, Record<string, unknown>[]>;
    expect(data.budgets).toEqual([
      { month: '2026-11', categoryId: 'groceries', groupId: null, amount: '400.50', amountMinor: 40050, currency: 'GBP', allCurrencies: true },
      { month: '2026-11', categoryId: null, groupId: 'fun', amount: '90.00', amountMinor: 9000, currency: 'USD', allCurrencies: false },
    ]);
    expect(data.categoryGroups.find((g) => g.id === 'everyday')).toEqual({ id: 'everyday', name: 'Everyday', sortOrder: 2, categoryIds: expect.arrayContaining(['groceries', 'cash']) });
    expect(data.budgetCarryover).toEqual([{ categoryId: 'groceries', fromMonth: '2026-10', enabled: true }]);
  });

  it("each line's, group's and the month's spent opens exactly its transactions: the list's totals per currency equal the figure", async () => {
    const core = start(seeded());
    const checks: { keys: (string | null)[]; byCurrency: BudgetLineDTO['spent']['byCurrency']; book: BudgetMonthDTO }[] = [];
    for (const book of [undefined, { currency: 'GBP', allCurrencies: false }, { currency: 'USD', allCurrencies: false }, { currency: 'USD', allCurrencies: true }]) {
      const month = await call(core, 'getBudgetMonth', { month: '2026-11', ...(book && { book }) });
      for (const l of month.groups.flatMap((g) => g.lines)) checks.push({ keys: [l.categoryId], byCurrency: l.spent.byCurrency, book: month });
      for (const g of month.groups) checks.push({ keys: g.lines.map((l) => l.categoryId), byCurrency: g.spent.byCurrency, book: month });
    }
    let nonEmpty = 0;
    for (const c of checks) {
      const { totals, rows } = await listTotals(core, c.keys, c.book);
      expect(totals).toEqual(c.byCurrency.map((x) => ({ currency: x.currency, minor: -x.minor })));
      expect(rows.filter((r) => r.status === 'pending').reduce((n, r) => n - r.amountMinor, 0)).toBe(c.byCurrency.reduce((n, x) => n + x.pendingMinor, 0));
      if (rows.length) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(5);
    // the paired transfer filed under groceries is in neither
    const { rows } = await listTotals(core, ['groceries'], await call(core, 'getBudgetMonth', { month: '2026-11', book: { currency: 'GBP', allCurrencies: false } }));
    expect(rows.map((r) => r.amountMinor).sort()).toEqual([-4210, -2599, -1875].sort());
  });

  it('refuses bad input with a message that says what to do, and changes nothing', async () => {
    const dataDir = seeded();
    const core = start(dataDir);
    await call(core, 'setBudget', { month: '2026-11', categoryId: 'groceries', amountMinor: 40000 });
    const snapshot = () => {
      const db = openDatabase(path.join(dataDir, DATABASE_FILE));
      try {
        return { budgets: db.prepare('SELECT * FROM budgets').all(), carry: db.prepare('SELECT * FROM budget_carryover').all(), groups: db.prepare('SELECT * FROM category_groups').all() };
      } finally {
        db.close();
      }
    };
    const before = snapshot();
    const cases: [ApiMethod, unknown, 'invalid_input' | 'not_found', RegExp][] = [
      ['setBudget', { month: '2026-11', categoryId: 'groceries', amountMinor: -500 }, 'invalid_input', /cannot be negative\. Enter 0 or more/],
      ['setBudget', { month: '2026-11', categoryId: 'groceries', amountMinor: 400.5 }, 'invalid_input', /whole minor units/],
      ['setBudget', { month: '2026-11', categoryId: 'groceries', amountMinor: '400' }, 'invalid_input', /number of minor units/],
      ['setBudget', { month: 'November', categoryId: 'groceries', amountMinor: 100 }, 'invalid_input', /month as YYYY-MM/],
      ['setBudget', { month: '2026-00', categoryId: 'groceries', amountMinor: 100 }, 'invalid_input', /month as YYYY-MM/],
      ['setBudget', { month: '2026-11', amountMinor: 100 }, 'invalid_input', /either a categoryId or a groupId/],
      ['setBudget', { month: '2026-11', categoryId: 'no-such', amountMinor: 100 }, 'not_found', /no category "no-such"\. Reload the Budget page/],
      ['setBudget', { month: '2026-11', categoryId: 'income', amountMinor: 100 }, 'invalid_input', /budgets are for spending/],
      ['setBudgetCarryover', { month: '2026/11', categoryId: 'groceries', enabled: true }, 'invalid_input', /YYYY-MM/],
      ['copyLastMonthBudget', { month: '2026-11' }, 'invalid_input', /no budget in October 2026 to copy/],
      ['createCategoryGroup', { name: 'Everyday' }, 'invalid_input', /already a group called "Everyday"/],
      ['createCategoryGroup', { name: '   ' }, 'invalid_input', /Give the group a name/],
      ['renameCategoryGroup', { groupId: 'gone', name: 'X' }, 'not_found', /no longer exists/],
      ['moveCategoryToGroup', { categoryId: 'groceries', groupId: 'gone' }, 'not_found', /no longer exists/],
    ];
    for (const [method, input, code, message] of cases) {
      const r = await attempt(core, method, input as never);
      expect(r.ok, `${method} ${JSON.stringify(input)}`).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe(code);
        expect(r.error.message).toMatch(message);
      }
    }
    expect(snapshot()).toEqual(before);
  });

  it('manages groups, copies last month (group amounts too), refuses an average without a full month of history, and totals the year', async () => {
    const core = start(seeded());
    const group = await call(core, 'createCategoryGroup', { name: 'Kids' });
    await call(core, 'moveCategoryToGroup', { categoryId: 'shopping', groupId: group.id });
    expect((await call(core, 'listCategoryGroups', undefined)).find((g) => g.id === group.id)?.categoryIds).toEqual(['shopping']);
    await call(core, 'setBudget', { month: '2026-10', groupId: group.id, amountMinor: 10000 });
    const { copied, budget } = await call(core, 'copyLastMonthBudget', { month: '2026-11' });
    expect(copied).toBe(1);
    expect(budget.groups.find((g) => g.groupId === group.id)?.budgetedMinor).toBe(10000);
    // the history starts on 2 November: November is not a full month, so there is nothing to average for December
    const avg = await attempt(core, 'setBudgetsFromAverage', { month: '2026-12' });
    expect(avg).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(!avg.ok && avg.error.message).toMatch(/no full month of spending before December 2026 .* starts on 2026-11-02\. Enter the amounts by hand\./);
    await call(core, 'setBudget', { month: '2026-11', categoryId: 'groceries', amountMinor: 40000 });
    const year = await call(core, 'getBudgetYear', { year: 2026 });
    expect(year.totals.find((t) => t.month === '2026-11')).toEqual({ month: '2026-11', budgetedMinor: 50000, spentMinor: (await call(core, 'getBudgetMonth', { month: '2026-11' })).totals.spent.totalMinor });
  });
});
