import { beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiSchemas, ruleInputSchema } from '../../../src/shared/contract';
import { openDatabase, type Db } from '../../../src/main/core/db/database';
import { MIGRATIONS } from '../../../src/main/core/db/migrations';
import * as rules from '../../../src/main/core/rules';
import { setTransactionCategory } from '../../../src/main/core/reports';
import { fixtureDb } from '../reports/fixture';
import { expectExactTotals } from './exact-totals';

let db: Db;
beforeEach(() => {
  db = fixtureDb();
});
const categoryOf = (description: string) =>
  db.prepare('SELECT category_id FROM transactions WHERE description = ? ORDER BY id').pluck().all(description) as (string | null)[];
const create = (input: object, applyToExisting = true) => rules.createRule(db, ruleInputSchema.parse({ applyToExisting, ...input }));

describe('rules', () => {
  it('refuses a rule without a condition or an action, with a message saying what is missing', () => {
    const noCondition = ruleInputSchema.safeParse({ categoryId: 'shopping' });
    expect(noCondition.success).toBe(false);
    expect(noCondition.error!.issues[0].message).toMatch(/needs at least one condition/);
    const noAction = ruleInputSchema.safeParse({ field: 'merchant', value: 'tesco' });
    expect(noAction.error!.issues[0].message).toMatch(/needs an action/);
    const noCurrency = ruleInputSchema.safeParse({ minAmountMinor: 100, categoryId: 'bills' });
    expect(noCurrency.error!.issues[0].message).toMatch(/needs its currency/);
    const reversed = ruleInputSchema.safeParse({ minAmountMinor: 500, maxAmountMinor: 100, amountCurrency: 'GBP', categoryId: 'bills' });
    expect(reversed.error!.issues[0].message).toMatch(/swap them/);
    expect(ruleInputSchema.safeParse({ field: 'merchant', value: 'x', categoryId: 'bills', markTransfer: true }).success).toBe(false);
  });

  it('refuses an unknown category or account and saves nothing', () => {
    expect(() => create({ field: 'merchant', value: 'Tesco', categoryId: 'nope' })).toThrow(/no category "nope"/);
    expect(() => create({ accountId: 'gone', categoryId: 'bills' })).toThrow(/account no longer exists/);
    expect(rules.listRules(db)).toEqual([]);
    expect(categoryOf('TESCO METRO')).toEqual(['groceries']);
  });

  it('a new rule goes first and, applied to the past, changes matching rows but never a manual choice', () => {
    const tescoIds = db.prepare(`SELECT id FROM transactions WHERE merchant = 'Tesco' ORDER BY id`).pluck().all() as number[];
    setTransactionCategory(db, String(tescoIds[0]), 'health');
    const older = create({ field: 'merchant', op: 'contains', value: 'tes', categoryId: 'shopping' }, false);
    const { rule, updated } = create({ field: 'merchant', op: 'equals', value: 'TESCO', categoryId: 'housing' });
    expect(rule.position).toBeLessThan(older.rule.position);
    expect(updated).toBe(2);
    expect(db.prepare(`SELECT category_id FROM transactions WHERE merchant = 'Tesco' ORDER BY id`).pluck().all()).toEqual(['health', 'housing', 'housing']);
    expectExactTotals(db);
  });

  it('conditions on amount range (with currency), account and bank code all have to hold', () => {
    db.prepare(`UPDATE transactions SET bank_tx_code = 'DD' WHERE description = 'Netflix.com'`).run();
    const { updated } = create({ minAmountMinor: 900, maxAmountMinor: 1000, amountCurrency: 'GBP', accountId: 'A1', bankTxCode: 'dd', categoryId: 'bills' });
    expect(updated).toBe(1);
    expect(categoryOf('Netflix.com')).toEqual(['bills']);
    expect(rules.ruleMatchCounts(db)).toEqual([{ ruleId: rules.listRules(db)[0].id, matches: 1 }]);
  });

  it('preview says what would change, without writing', () => {
    const before = db.prepare('SELECT id, category_id FROM transactions ORDER BY id').all();
    const preview = rules.previewRule(db, apiSchemas.previewRule.parse({ rule: { field: 'description', value: 'whole foods', categoryId: 'shopping' }, limit: 1 }));
    expect(preview).toMatchObject({ matches: 2, changes: 2 });
    expect(preview.rows).toHaveLength(1);
    expect(preview.rows[0]).toMatchObject({ fromCategoryName: 'Groceries', toCategoryName: 'Shopping', payeeName: null });
    expect(preview.rows[0].transaction.bookingDate).toBe('2026-02-20'); // newest first
    expect(db.prepare('SELECT id, category_id FROM transactions ORDER BY id').all()).toEqual(before);
    expect(rules.listRules(db)).toEqual([]);
  });

  it('renames the payee for display only; the bank text stays', () => {
    create({ field: 'merchant', op: 'equals', value: 'pret', payeeName: 'Pret A Manger' });
    const id = db.prepare(`SELECT CAST(id AS TEXT) FROM transactions WHERE merchant = 'Pret'`).pluck().get() as string;
    expect(rules.payeeNames(db, [{ id } as never]).get(id)).toBe('Pret A Manger');
    expect(db.prepare('SELECT merchant FROM transactions WHERE id = ?').pluck().get(Number(id))).toBe('Pret');
    expect(categoryOf('Pret A Manger, "Soho"')).toEqual(['eating-out']);
  });

  it('disable, enable, reorder, edit and delete re-categorise what the rule matched', () => {
    const shop = create({ field: 'merchant', value: 'whole', categoryId: 'shopping' }).rule;
    const travel = create({ field: 'description', value: 'mkt', categoryId: 'travel' }).rule; // goes first
    expect(categoryOf('WHOLE FOODS MKT')).toEqual(['travel', 'travel']);
    rules.reorderRules(db, [shop.id, travel.id]);
    expect(categoryOf('WHOLE FOODS MKT')).toEqual(['shopping', 'shopping']);
    rules.setRuleEnabled(db, shop.id, false);
    expect(categoryOf('WHOLE FOODS MKT')).toEqual(['travel', 'travel']);
    rules.setRuleEnabled(db, shop.id, true);
    rules.updateRule(db, apiSchemas.updateRule.parse({ ruleId: shop.id, field: 'merchant', value: 'whole', categoryId: 'health' }));
    expect(categoryOf('WHOLE FOODS MKT')).toEqual(['health', 'health']);
    rules.deleteRule(db, shop.id);
    rules.deleteRule(db, travel.id);
    expect(categoryOf('WHOLE FOODS MKT')).toEqual(['groceries', 'groceries']); // back to the defaults
    expectExactTotals(db);
    expect(() => rules.reorderRules(db, ['x'])).toThrow(/Reload the Rules page/);
  });

  it('marks matching rows as transfers', () => {
    create({ field: 'description', op: 'equals', value: 'mystery', markTransfer: true });
    create({ field: 'description', value: 'hyperlink', markTransfer: true });
    expect(categoryOf('=HYPERLINK("x") Mystery')).toEqual(['transfers']);
  });
});

describe('migration 14', () => {
  it('keeps rules made before it working, the newest first as before', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mybucks-rules-'));
    try {
      const file = join(dir, 'db.sqlite');
      const old = openDatabase(file, MIGRATIONS.filter((m) => m.version < 14));
      old.prepare(`INSERT INTO rules (id, field, op, value, category_id, created_at) VALUES ('a', 'merchant', 'contains', 'tes', 'shopping', '2026-01-01')`).run();
      old.prepare(`INSERT INTO rules (id, field, op, value, category_id, created_at) VALUES ('b', 'merchant', 'equals', 'tesco', 'groceries', '2026-02-01')`).run();
      old.close();
      const migrated = openDatabase(file);
      const list = rules.listRules(migrated);
      expect(list.map((r) => [r.id, r.enabled, r.markTransfer, r.payeeName])).toEqual([
        ['b', true, false, null],
        ['a', true, false, null],
      ]);
      expect(list[0].position).toBeLessThan(list[1].position);
      migrated.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
