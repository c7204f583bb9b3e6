/** The detector on the mock bank's generated histories: the series the generator puts there are found, with their flags. */
import { describe, expect, it } from 'vitest';
import { createLedger, type LedgerTransaction } from '../../../mock-bank/src/data/ledger';
import { EMPLOYERS, GYMS, INSURERS, LANDLORDS, PHONES, STREAMING, UTILITIES } from '../../../mock-bank/src/data/catalog';
import { detectSeries, type DetectRow } from '../../../src/main/core/recurring/detect';
import { merchantKeyOf } from '../../../src/main/core/recurring/normalise';

const NOW = new Date('2026-11-27T12:00:00Z');
const TODAY = NOW.toISOString().slice(0, 10);

function rowsOf(seed: number, bankId: string, username: string): DetectRow[] {
  const ledger = createLedger({ seed, now: () => NOW });
  const rows: DetectRow[] = [];
  let id = 1;
  for (const a of ledger.accountsOf(bankId, username)) {
    const all: LedgerTransaction[] = [];
    for (let offset = 0; ; offset += 500) {
      const page = ledger.transactions(bankId, a.accountId, {}, offset, 500);
      all.push(...page.items);
      if (page.items.length < 500) break;
    }
    for (const t of all) {
      if (t.status !== 'BOOK') continue;
      const key = merchantKeyOf(t.merchant?.name ?? null, t.information);
      rows.push({ id: id++, accountId: a.accountId, day: new Date(t.bookingTime).toISOString().slice(0, 10), amountMinor: t.amountMinor, currency: t.currency, key, name: key });
    }
  }
  return rows;
}

describe.each([
  { seed: 7, bankId: 'memorial', region: 'uk' as const },
  { seed: 11, bankId: 'memorial', region: 'uk' as const },
  { seed: 7, bankId: 'harbor', region: 'us' as const },
])('the mock bank’s series for sarah at $bankId (seed $seed)', ({ seed, bankId, region }) => {
  const found = detectSeries(rowsOf(seed, bankId, 'sarah'), TODAY);
  const byKey = (name: string) => found.filter((f) => f.key === merchantKeyOf(name, '') || f.key === merchantKeyOf(null, name));

  it('finds rent, each utility and the phone as monthly bills', () => {
    for (const name of [`${LANDLORDS[region]} RENT`, ...UTILITIES[region].map((u) => u.name), PHONES[region].name]) {
      const [s] = byKey(name);
      expect(s?.cadence, name).toBe('monthly');
      expect(s.direction).toBe('out');
      expect(s.state, name).toBe('active');
      expect(s.txIds.length, name).toBeGreaterThanOrEqual(20);
    }
    // energy and water vary from month to month, rent and the phone do not
    expect(byKey(UTILITIES[region][0].name)[0].variable).toBe(true);
    expect(byKey(PHONES[region].name)[0].variable).toBe(false);
  });

  it('flags the streaming price rise and the yearly insurance renewal', () => {
    const [streaming] = byKey(STREAMING[region].name);
    expect(streaming.cadence).toBe('monthly');
    expect(streaming.priceRise).toEqual({ fromMinor: STREAMING[region].typicalMinor, toMinor: STREAMING[region].raisedMinor });
    const [insurance] = byKey(INSURERS[region].name);
    expect(insurance.cadence).toBe('yearly');
    expect(insurance.priceRise?.toMinor).toBe(Math.round(INSURERS[region].typicalMinor * 1.06));
  });

  it('sees that the gym was cancelled, and the salary as income', () => {
    expect(byKey(GYMS[region].name)[0].state).toBe('ended');
    const [salary] = byKey(`${EMPLOYERS[region]} SALARY`);
    expect(salary.direction).toBe('in');
    expect(salary.cadence).toBe('monthly');
  });

  // Two purchases a year apart of the same size at a shop visited a few times a year look exactly like a yearly
  // subscription (harbor, seed 7: Target, $26.80 and $26.58, 361 days apart); the user dismisses such a suggestion.
  it('suggests no weekly to quarterly series at the shops (one-off spending, however often)', () => {
    const shops = new Set(['tesco superstore', "sainsbury's", 'waitrose & partners', 'pret a manger', 'costa coffee', 'whole foods market', "trader joe's", 'safeway', 'starbucks', 'amazon uk marketplace', 'amazon.com', 'target', 'john lewis']);
    expect(found.filter((f) => shops.has(f.key) && f.cadence !== 'yearly').map((f) => `${f.key} ${f.cadence} ${f.txIds.length}`)).toEqual([]);
  });
});
