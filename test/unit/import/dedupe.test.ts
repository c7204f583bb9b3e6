import { describe, expect, it } from 'vitest';
import { classify, normaliseText, similarity, type IncomingRow, type StoredRow } from '../../../src/main/core/import/dedupe';

const row = (bookingDate: string, amountMinor: number, text: string, key = `k-${bookingDate}-${amountMinor}-${text}`): IncomingRow => ({ key, bookingDate, amountMinor, text });
const bank = (id: number, bookingDate: string, amountMinor: number, text: string): StoredRow => ({ id, bookingDate, amountMinor, text, fromImport: false });
const imported = (id: number, bookingDate: string, amountMinor: number, text: string): StoredRow => ({ id, bookingDate, amountMinor, text, fromImport: true });

describe('normaliseText and similarity', () => {
  it('drops references and punctuation and lower-cases', () => {
    expect(normaliseText('TESCO STORES 3312, REF: 99812A')).toBe('tesco stores ref');
  });

  it('scores spelling variants and contained words high, different payees low', () => {
    expect(similarity('tesco', 'card payment tesco stores')).toBe(1);
    expect(similarity('sainsburys', 'sainsbury s')).toBeGreaterThan(0.6);
    expect(similarity('tesco stores', 'shell petrol')).toBeLessThan(0.3);
    expect(similarity('', 'anything')).toBe(0);
  });
});

describe('classify', () => {
  it('a stored key is a duplicate, whatever the text or date says', () => {
    const [d] = classify([row('2026-03-01', -500, 'Coffee', 'imp:id:F1')], [], new Map([['imp:id:F1', 42]]));
    expect(d).toEqual({ kind: 'duplicate', reason: 'same_key', matchId: 42, similarity: 1 });
  });

  it('a bank row with the same amount and a similar text within 3 days is a duplicate; 4 days apart it is not', () => {
    const stored = [bank(1, '2026-03-04', -1250, 'TESCO STORES 4411')];
    expect(classify([row('2026-03-01', -1250, 'Tesco Stores')], stored, new Map())[0]).toMatchObject({ kind: 'duplicate', reason: 'match', matchId: 1 });
    expect(classify([row('2026-02-28', -1250, 'Tesco Stores')], stored, new Map())[0]).toEqual({ kind: 'new' });
  });

  it('a row imported before counts only on its own day', () => {
    const stored = [imported(7, '2026-03-02', -999, 'Netflix')];
    expect(classify([row('2026-03-02', -999, 'NETFLIX.COM')], stored, new Map())[0]).toMatchObject({ kind: 'duplicate', matchId: 7 });
    expect(classify([row('2026-03-03', -999, 'NETFLIX.COM')], stored, new Map())[0]).toEqual({ kind: 'new' });
  });

  it('a different amount is never a duplicate', () => {
    expect(classify([row('2026-03-01', -1251, 'Tesco')], [bank(1, '2026-03-01', -1250, 'Tesco')], new Map())[0]).toEqual({ kind: 'new' });
  });

  it('only a weak text match is ambiguous, with its candidate', () => {
    const [d] = classify([row('2026-03-01', -4000, 'Shell petrol station')], [bank(3, '2026-03-01', -4000, 'AMAZON MKTPLACE')], new Map());
    expect(d.kind).toBe('ambiguous');
    expect(d.kind === 'ambiguous' && d.candidates.map((c) => c.id)).toEqual([3]);
  });

  it('two different strong candidates are ambiguous, best first', () => {
    const stored = [bank(1, '2026-03-03', -2000, 'Uber trip'), bank(2, '2026-03-01', -2000, 'Uber trip help.uber.com')];
    const [d] = classify([row('2026-03-01', -2000, 'Uber trip')], stored, new Map());
    expect(d.kind).toBe('ambiguous');
    expect(d.kind === 'ambiguous' && d.candidates.map((c) => c.id)).toEqual([2, 1]);
  });

  it('twins: two identical rows in the file match two identical stored rows one to one, a third is new', () => {
    const stored = [bank(1, '2026-03-01', -300, 'Bus fare'), bank(2, '2026-03-01', -300, 'Bus fare')];
    const decisions = classify(
      [row('2026-03-01', -300, 'Bus fare', 'a'), row('2026-03-01', -300, 'Bus fare', 'b'), row('2026-03-01', -300, 'Bus fare', 'c')],
      stored,
      new Map(),
    );
    expect(decisions.map((d) => (d.kind === 'duplicate' ? d.matchId : d.kind))).toEqual([1, 2, 'new']);
  });

  it('a stored row claimed by its key is not matched again by content', () => {
    const stored = [imported(5, '2026-03-01', -300, 'Bus fare')];
    const decisions = classify([row('2026-03-01', -300, 'Bus fare', 'imp:row:1'), row('2026-03-01', -300, 'Bus fare', 'imp:row:1#2')], stored, new Map([['imp:row:1', 5]]));
    expect(decisions.map((d) => d.kind)).toEqual(['duplicate', 'new']);
  });
});
