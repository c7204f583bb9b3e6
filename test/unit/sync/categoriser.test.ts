import { describe, expect, it } from 'vitest';
import { Categoriser, defaultCategory } from '../../../src/main/core/sync/categoriser';

const tx = (over: Partial<Parameters<typeof defaultCategory>[0]>) => ({ merchant: null, description: '', mcc: null, bankTxCode: null, amountMinor: -100, ...over });

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

  it('the newest matching rule wins; equals and contains ignore case', () => {
    const c = new Categoriser([
      { id: 'r1', field: 'merchant', op: 'contains', value: 'tesc', categoryId: 'shopping', createdAt: '2026-01-01T00:00:00Z' },
      { id: 'r2', field: 'merchant', op: 'equals', value: 'TESCO', categoryId: 'groceries', createdAt: '2026-02-01T00:00:00Z' },
      { id: 'r3', field: 'description', op: 'contains', value: 'gym', categoryId: 'health', createdAt: '2026-03-01T00:00:00Z' },
    ]);
    expect(c.categorise(tx({ merchant: 'Tesco' }))).toBe('groceries');
    expect(c.categorise(tx({ merchant: 'Tesco Express' }))).toBe('shopping');
    expect(c.categorise(tx({ merchant: 'Tesco', description: 'PureGym monthly' }))).toBe('health');
    expect(c.categorise(tx({ description: 'Netflix' }))).toBe('entertainment');
  });
});
