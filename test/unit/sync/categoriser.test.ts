import { describe, expect, it } from 'vitest';
import type { RuleDTO } from '../../../src/shared/dto';
import { Categoriser, defaultCategory, ruleMatches } from '../../../src/main/core/sync/categoriser';

const tx = (over: Partial<Parameters<typeof defaultCategory>[0]>) => ({ merchant: null, description: '', mcc: null, bankTxCode: null, amountMinor: -100, ...over });
const rule = (over: Partial<RuleDTO>): RuleDTO => ({
  id: 'r',
  field: null,
  op: null,
  value: null,
  minAmountMinor: null,
  maxAmountMinor: null,
  amountCurrency: null,
  accountId: null,
  bankTxCode: null,
  categoryId: 'shopping',
  payeeName: null,
  markTransfer: false,
  enabled: true,
  position: 0,
  createdAt: '2026-01-01T00:00:00Z',
  ...over,
});

describe('categoriser', () => {
  it('defaults from MCC, then bank code, then text, then the sign', () => {
    expect(defaultCategory(tx({ mcc: '5411', description: 'netflix' }))).toBe('groceries');
    expect(defaultCategory(tx({ bankTxCode: 'DD', description: 'Acme Water' }))).toBe('bills');
    expect(defaultCategory(tx({ bankTxCode: 'ReceivedCreditTransfer-Salary', amountMinor: 100 }))).toBe('income');
    expect(defaultCategory(tx({ bankTxCode: 'RCDT-SALA', description: 'ACME LTD', amountMinor: 100 }))).toBe('income');
    expect(defaultCategory(tx({ merchant: 'Uber', description: 'trip' }))).toBe('transport');
    expect(defaultCategory(tx({ description: 'Mystery' }))).toBeNull();
    expect(defaultCategory(tx({ description: 'Mystery', amountMinor: 500 }))).toBe('income');
  });

  it('moves between the customer\'s own accounts are transfers, not income or spending', () => {
    expect(defaultCategory(tx({ bankTxCode: 'RCDT-BOOK', description: 'Round-up savings 2026-11-26', amountMinor: 484 }))).toBe('transfers');
    expect(defaultCategory(tx({ bankTxCode: 'ICDT-BOOK', description: 'Transfer to Holiday Fund ****9923' }))).toBe('transfers');
    expect(defaultCategory(tx({ description: 'PAYMENT RECEIVED - THANK YOU (from Bills Account ****4929)', amountMinor: 30000 }))).toBe('transfers');
    expect(defaultCategory(tx({ description: 'Card repayment to Travel Card ****3330' }))).toBe('transfers');
  });

  it('with equal positions (rules made before version 14) the newest matching rule wins; equals and contains ignore case', () => {
    const c = new Categoriser([
      rule({ id: 'r1', field: 'merchant', op: 'contains', value: 'tesc', categoryId: 'shopping', createdAt: '2026-01-01T00:00:00Z' }),
      rule({ id: 'r2', field: 'merchant', op: 'equals', value: 'TESCO', categoryId: 'groceries', createdAt: '2026-02-01T00:00:00Z' }),
      rule({ id: 'r3', field: 'description', op: 'contains', value: 'gym', categoryId: 'health', createdAt: '2026-03-01T00:00:00Z' }),
    ]);
    expect(c.categorise(tx({ merchant: 'Tesco' }))).toBe('groceries');
    expect(c.categorise(tx({ merchant: 'Tesco Express' }))).toBe('shopping');
    expect(c.categorise(tx({ merchant: 'Tesco', description: 'PureGym monthly' }))).toBe('health');
    expect(c.categorise(tx({ description: 'Netflix' }))).toBe('entertainment');
  });

  it('tries enabled rules by position, first match wins; disabled rules and rename-only rules never set a category', () => {
    const c = new Categoriser([
      rule({ id: 'late', position: 3, field: 'merchant', op: 'contains', value: 'tesco', categoryId: 'shopping' }),
      rule({ id: 'off', position: 1, field: 'merchant', op: 'contains', value: 'tesco', categoryId: 'travel', enabled: false }),
      rule({ id: 'rename', position: 0, field: 'merchant', op: 'contains', value: 'tesco', categoryId: null, payeeName: 'Tesco (food)' }),
      rule({ id: 'early', position: 2, field: 'merchant', op: 'equals', value: 'tesco', categoryId: 'groceries' }),
    ]);
    expect(c.categorise(tx({ merchant: 'Tesco' }))).toBe('groceries');
    expect(c.categorise(tx({ merchant: 'Tesco Metro' }))).toBe('shopping');
    expect(c.payeeOf(tx({ merchant: 'TESCO' }))).toBe('Tesco (food)');
    expect(c.payeeOf(tx({ merchant: 'Aldi' }))).toBeNull();
  });

  it('every condition must hold: amount size range in its currency, account, bank transaction code', () => {
    const r = rule({ minAmountMinor: 1000, maxAmountMinor: 5000, amountCurrency: 'GBP', accountId: 'acc-1', bankTxCode: 'DD', categoryId: 'bills' });
    const ok = tx({ amountMinor: -2500, currency: 'GBP', bankTxCode: 'dd' });
    expect(ruleMatches(r, ok, 'acc-1')).toBe(true);
    expect(ruleMatches(r, { ...ok, amountMinor: 2500 }, 'acc-1')).toBe(true); // the size, either direction
    expect(ruleMatches(r, { ...ok, amountMinor: -1000 }, 'acc-1')).toBe(true); // bounds are inclusive
    expect(ruleMatches(r, { ...ok, amountMinor: -999 }, 'acc-1')).toBe(false);
    expect(ruleMatches(r, { ...ok, amountMinor: -5001 }, 'acc-1')).toBe(false);
    expect(ruleMatches(r, { ...ok, currency: 'USD' }, 'acc-1')).toBe(false);
    expect(ruleMatches(r, ok, 'acc-2')).toBe(false);
    expect(ruleMatches(r, { ...ok, bankTxCode: 'SO' }, 'acc-1')).toBe(false);
    expect(ruleMatches(r, { ...ok, bankTxCode: null }, 'acc-1')).toBe(false);
    const text = rule({ field: 'merchant', op: 'contains', value: 'pret' });
    expect(ruleMatches(text, tx({ merchant: null, description: 'Pret A Manger' }))).toBe(false); // no merchant to look in
  });

  it('"mark as transfer" puts matches in the Transfers category', () => {
    const c = new Categoriser([rule({ field: 'description', op: 'contains', value: 'to joint', categoryId: null, markTransfer: true })]);
    expect(c.categorise(tx({ description: 'Payment to Joint account' }))).toBe('transfers');
  });
});
