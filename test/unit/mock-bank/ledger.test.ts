import { describe, expect, it } from 'vitest';
import { TEST_USERS } from '../../../mock-bank/src/banks';
import { createLedger, type BankLedger, type LedgerTransaction } from '../../../mock-bank/src/data/ledger';

const NOW = new Date('2026-11-27T12:00:00Z');
const ledgerOf = (seed: number, transactionsPerAccount?: number) => createLedger({ seed, transactionsPerAccount, now: () => NOW });

function all(ledger: BankLedger, bankId: string, accountId: string): LedgerTransaction[] {
  const out: LedgerTransaction[] = [];
  for (let offset = 0; ; offset += 100) {
    const page = ledger.transactions(bankId, accountId, {}, offset, 100);
    out.push(...page.items);
    if (page.items.length < 100) return out;
  }
}

describe('ledger accounts', () => {
  it('gives every test user accountsPerBank accounts at each bank, in checking/savings/card rotation', () => {
    const ledger = ledgerOf(1);
    for (const user of TEST_USERS) {
      for (const bankId of user.banks) {
        const accounts = ledger.accountsOf(bankId, user.username);
        expect(accounts).toHaveLength(user.accountsPerBank);
        accounts.forEach((a, i) => {
          expect(a.kind).toBe(['checking', 'savings', 'credit_card'][i % 3]);
          expect(a.accountId.length).toBeLessThanOrEqual(40);
          expect(a.mask).toMatch(/^\d{4}$/);
        });
      }
    }
    const ids = TEST_USERS.flatMap((u) => u.banks.flatMap((b) => ledger.accountsOf(b, u.username).map((a) => a.accountId)));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('uses the bank currencies (Summit mixes GBP and EUR) and gives cards a credit limit', () => {
    const ledger = ledgerOf(1);
    const summit = ledger.accountsOf('summit', 'mogul').map((a) => a.currency);
    expect(new Set(summit)).toEqual(new Set(['GBP', 'EUR']));
    expect(ledger.accountsOf('harbor', 'sarah').every((a) => a.currency === 'USD')).toBe(true);
    const card = ledger.accountsOf('memorial', 'sarah').find((a) => a.kind === 'credit_card');
    expect(card?.creditLimitMinor).toBeGreaterThan(0);
  });
});

describe('ledger determinism', () => {
  it('produces the same accounts and transactions for the same seed, different ones for another seed', () => {
    const a = ledgerOf(42);
    const b = ledgerOf(42);
    const c = ledgerOf(43);
    const idA = a.accountsOf('memorial', 'sarah')[0].accountId;
    expect(b.accountsOf('memorial', 'sarah')[0].accountId).toBe(idA);
    expect(c.accountsOf('memorial', 'sarah')[0].accountId).not.toBe(idA);
    expect(all(b, 'memorial', idA)).toEqual(all(a, 'memorial', idA));
    const idC = c.accountsOf('memorial', 'sarah')[0].accountId;
    const amountsA = all(a, 'memorial', idA).map((t) => t.amountMinor);
    const amountsC = all(c, 'memorial', idC).map((t) => t.amountMinor);
    expect(amountsC).not.toEqual(amountsA);
  });
});

describe('generated history', () => {
  const ledger = ledgerOf(7);
  const [checking, savings, card] = ledger.accountsOf('memorial', 'sarah');
  const txs = all(ledger, 'memorial', checking.accountId);

  it('is ordered by booking time then id, with unique ids, ending today', () => {
    for (let i = 1; i < txs.length; i++) {
      const [p, t] = [txs[i - 1], txs[i]];
      expect(p.bookingTime < t.bookingTime || (p.bookingTime === t.bookingTime && p.transactionId < t.transactionId)).toBe(true);
    }
    expect(new Set(txs.map((t) => t.transactionId)).size).toBe(txs.length);
    expect(txs.at(-1)!.bookingTime).toBeLessThanOrEqual(NOW.getTime());
    expect(txs[0].bookingTime).toBeGreaterThan(NOW.getTime() - 731 * 86_400_000);
  });

  it('has monthly salary and rent, merchant spending with category codes, and pending entries at the end', () => {
    expect(txs.filter((t) => t.information.includes('SALARY') && t.amountMinor > 0).length).toBeGreaterThanOrEqual(20);
    expect(txs.filter((t) => t.information.includes('RENT') && t.amountMinor < 0).length).toBeGreaterThanOrEqual(20);
    const spend = txs.filter((t) => t.merchant);
    expect(spend.length).toBeGreaterThan(100);
    expect(spend.every((t) => /^\d{4}$/.test(t.merchant!.mcc) && t.coding.code && t.coding.subCode && t.coding.proprietary)).toBe(true);
    const pending = txs.filter((t) => t.status === 'PDNG');
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.every((t) => t.bookingTime > NOW.getTime() - 4 * 86_400_000)).toBe(true);
  });

  it('moves money between own accounts with matching amounts on both sides', () => {
    const out = txs.filter((t) => t.information.startsWith('Transfer to'));
    const incoming = all(ledger, 'memorial', savings.accountId).filter((t) => t.information.startsWith('Transfer from'));
    expect(out.length).toBeGreaterThan(10);
    const months = (list: LedgerTransaction[]) => new Map(list.map((t) => [new Date(t.bookingTime).toISOString().slice(0, 7), Math.abs(t.amountMinor)]));
    const inByMonth = months(incoming);
    let matched = 0;
    for (const [month, amount] of months(out)) if (inByMonth.get(month) === amount) matched++;
    expect(matched).toBeGreaterThan(10);
    expect(all(ledger, 'memorial', card.accountId).some((t) => t.information.startsWith('PAYMENT RECEIVED') && t.amountMinor > 0)).toBe(true);
  });

  it('keeps balances equal to opening plus booked entries, available adding pending, running balance included', () => {
    for (const a of [checking, savings, card]) {
      const list = all(ledger, 'memorial', a.accountId);
      const booked = list.filter((t) => t.status === 'BOOK').reduce((s, t) => s + t.amountMinor, 0);
      const pending = list.filter((t) => t.status === 'PDNG').reduce((s, t) => s + t.amountMinor, 0);
      const b = ledger.balances('memorial', a.accountId);
      expect(b.bookedMinor).toBe(a.openingBalanceMinor + booked);
      expect(b.availableMinor).toBe(a.openingBalanceMinor + booked + pending);
      const lastBooked = list.filter((t) => t.status === 'BOOK').at(-1)!;
      expect(lastBooked.balanceAfterMinor).toBe(b.bookedMinor);
    }
  });

  it('filters by booking date with binary search bounds (inclusive)', () => {
    const from = txs[100].bookingTime;
    const to = txs[150].bookingTime;
    const page = ledger.transactions('memorial', checking.accountId, { from, to }, 0, 1000);
    expect(page.items.map((t) => t.transactionId)).toEqual(txs.filter((t) => t.bookingTime >= from && t.bookingTime <= to).map((t) => t.transactionId));
    expect(page.total).toBe(page.items.length);
  });
});

describe('sandbox overlay', () => {
  it('adds, books (new id and amount) and removes entries, and the balances follow', () => {
    const ledger = ledgerOf(9);
    const a = ledger.accountsOf('memorial', 'sarah')[0];
    const before = ledger.balances('memorial', a.accountId);
    const added = ledger.addTransaction('memorial', a.accountId, { status: 'BOOK', amountMinor: -1234, information: 'Corner shop' });
    expect(ledger.balances('memorial', a.accountId).bookedMinor).toBe(before.bookedMinor - 1234);

    const [pending] = ledger.pending('memorial', a.accountId);
    const booked = ledger.bookPending('memorial', a.accountId, pending.transactionId, { newTransactionId: 'tip-booked-1', amountMinor: pending.amountMinor - 500 });
    const after = ledger.balances('memorial', a.accountId);
    expect(after.bookedMinor).toBe(before.bookedMinor - 1234 + pending.amountMinor - 500);
    expect(after.availableMinor).toBe(before.availableMinor - 1234 - 500);
    const ids = all(ledger, 'memorial', a.accountId).map((t) => t.transactionId);
    expect(ids).toContain(booked.transactionId);
    expect(ids).not.toContain(pending.transactionId);

    const generated = all(ledger, 'memorial', a.accountId).find((t) => t.status === 'BOOK' && t.transactionId !== added.transactionId)!;
    ledger.removeTransaction('memorial', a.accountId, generated.transactionId);
    expect(ledger.balances('memorial', a.accountId).bookedMinor).toBe(after.bookedMinor - generated.amountMinor);
    const final = all(ledger, 'memorial', a.accountId);
    expect(final.map((t) => t.transactionId)).not.toContain(generated.transactionId);
    expect(final.filter((t) => t.status === 'BOOK').at(-1)!.balanceAfterMinor).toBe(ledger.balances('memorial', a.accountId).bookedMinor);
    expect(() => ledger.addTransaction('memorial', a.accountId, { transactionId: booked.transactionId, status: 'BOOK', amountMinor: 1, information: 'dup' })).toThrow(/exists/);
  });

  it('defines a booked twin for every pending entry; restaurant tips change amount and id', () => {
    const ledger = ledgerOf(3);
    const pending = TEST_USERS.flatMap((u) => u.banks.flatMap((b) => ledger.accountsOf(b, u.username).flatMap((a) => ledger.pending(b, a.accountId))));
    expect(pending.length).toBeGreaterThan(20);
    const tips = pending.filter((p) => p.twin.amountMinor !== p.amountMinor);
    expect(tips.length).toBeGreaterThan(0);
    for (const p of tips) {
      expect(p.twin.transactionId).not.toBe(p.transactionId);
      expect(Math.abs(p.twin.amountMinor)).toBeGreaterThan(Math.abs(p.amountMinor));
    }
  });

  it('pages stay consistent around overlay entries (no duplicates, nothing lost)', () => {
    const ledger = ledgerOf(5);
    const a = ledger.accountsOf('memorial', 'tom')[0];
    const bankId = a.bankId;
    const mid = all(ledger, bankId, a.accountId)[200];
    for (let k = 0; k < 5; k++) ledger.addTransaction(bankId, a.accountId, { status: 'BOOK', amountMinor: 100 + k, information: `extra ${k}`, bookingTime: mid.bookingTime });
    ledger.removeTransaction(bankId, a.accountId, all(ledger, bankId, a.accountId)[199].transactionId);
    const full = ledger.transactions(bankId, a.accountId, {}, 0, 100_000).items.map((t) => t.transactionId);
    const paged: string[] = [];
    for (let offset = 0; offset < full.length; offset += 7) paged.push(...ledger.transactions(bankId, a.accountId, {}, offset, 7).items.map((t) => t.transactionId));
    expect(paged).toEqual(full);
    expect(ledger.transactions(bankId, a.accountId, {}, 0, 1).total).toBe(full.length);
  });
});

describe('scale', () => {
  it('serves sarah’s 1,000,000 transactions lazily: a deep page renders only itself', () => {
    const ledger = ledgerOf(42, 111_112);
    const accounts = TEST_USERS.find((u) => u.username === 'sarah')!.banks.flatMap((b) => ledger.accountsOf(b, 'sarah'));
    expect(accounts).toHaveLength(12);
    expect(ledger.stats()).toEqual({ transactionsRendered: 0, streamsOpen: 0 });
    const a = accounts[4];
    const page = ledger.transactions(a.bankId, a.accountId, {}, 100_000, 1000);
    expect(page.items).toHaveLength(1000);
    expect(page.total).toBeGreaterThanOrEqual(111_112);
    expect(page.items[0].transactionId.endsWith('00100000')).toBe(true);
    expect(ledger.stats().transactionsRendered).toBe(1000);
    expect(ledger.stats().streamsOpen).toBe(1);
    // the running balance is right without rendering the 100,000 entries before the page
    const next = ledger.transactions(a.bankId, a.accountId, {}, 100_001, 1).items[0];
    expect(next.balanceAfterMinor).toBe(page.items[0].balanceAfterMinor! + page.items[1].amountMinor);
    expect(ledger.stats().transactionsRendered).toBe(1001);
    const total = accounts.reduce((s, acc) => s + ledger.transactions(acc.bankId, acc.accountId, {}, 0, 0).total, 0);
    expect(total).toBeGreaterThanOrEqual(1_000_000);
  });

  it('finds a date deep in the history by binary search', () => {
    const ledger = ledgerOf(42, 111_112);
    const a = ledger.accountsOf('memorial', 'sarah')[0];
    const from = Date.parse('2026-01-01T00:00:00Z');
    const page = ledger.transactions('memorial', a.accountId, { from }, 0, 3);
    expect(page.items[0].bookingTime).toBeGreaterThanOrEqual(from);
    const previous = Number(page.items[0].transactionId.slice(-8)) - 1;
    const before = ledger.transactions('memorial', a.accountId, {}, previous, 1).items[0];
    expect(before.bookingTime).toBeLessThan(from);
    expect(ledger.stats().transactionsRendered).toBe(4);
  });
});
