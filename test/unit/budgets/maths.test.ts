import { describe, expect, it } from 'vitest';
import { averageBudget, carryChain, monthState, pace } from '../../../src/main/core/budgets/maths';
import { addMonths, daysInMonth, monthsBetween } from '../../../src/main/core/budgets/months';

describe('carry-over chains', () => {
  it('carries a surplus and then an overspend forward while the flag is on', () => {
    const chain = carryChain([
      { budgeted: 10000, spent: 8000, carryOut: true },
      { budgeted: 10000, spent: 15000, carryOut: true },
      { budgeted: 10000, spent: 3000, carryOut: false },
    ]);
    expect(chain).toEqual([
      { carryIn: 0, left: 2000 },
      { carryIn: 2000, left: -3000 },
      { carryIn: -3000, left: 4000 },
    ]);
  });

  it('stops at a month whose flag is off: the month after starts from its own budget', () => {
    const chain = carryChain([
      { budgeted: 5000, spent: 1000, carryOut: true },
      { budgeted: 5000, spent: 1000, carryOut: false },
      { budgeted: 5000, spent: 1000, carryOut: true },
    ]);
    expect(chain.map((c) => c.carryIn)).toEqual([0, 4000, 0]);
    expect(chain[2].left).toBe(4000);
  });

  it('carries an unbudgeted month too: its spending is an overspend', () => {
    const chain = carryChain([
      { budgeted: 0, spent: 2500, carryOut: true },
      { budgeted: 10000, spent: 0, carryOut: false },
    ]);
    expect(chain[1]).toEqual({ carryIn: -2500, left: 7500 });
  });
});

describe('pace', () => {
  it('projects the spending so far linearly over the whole month', () => {
    // £200 in the first 14 of 30 days: 200 / 14 * 30 = £428.57
    expect(pace(20000, '2026-11', '2026-11-14')).toEqual({ projectedMinor: 42857, elapsedDays: 14, daysInMonth: 30 });
    expect(pace(0, '2026-11', '2026-11-14')?.projectedMinor).toBe(0);
    expect(pace(3100, '2026-12', '2026-12-31')?.projectedMinor).toBe(3100);
  });

  it('has none for a past or a future month', () => {
    expect(pace(20000, '2026-10', '2026-11-14')).toBeNull();
    expect(pace(20000, '2026-12', '2026-11-14')).toBeNull();
    expect(monthState('2026-10', '2026-11-14')).toBe('past');
    expect(monthState('2026-11', '2026-11-01')).toBe('current');
  });
});

describe('averages', () => {
  it('rounds the mean half up to a whole unit of the currency', () => {
    expect(averageBudget([10000, 20000, 30050], 2)).toBe(20000); // 200.1667 → 200
    expect(averageBudget([12300, 12400], 2)).toBe(12400); // 123.50 → 124
    expect(averageBudget([12349], 2)).toBe(12300);
    expect(averageBudget([1001, 1002, 1004], 0)).toBe(1002); // JPY has no minor unit
    expect(averageBudget([0, 0, 0], 2)).toBe(0);
    expect(() => averageBudget([], 2)).toThrow(RangeError);
  });
});

describe('months', () => {
  it('steps across years and knows February in leap years', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-11', 3)).toBe('2027-02');
    expect(daysInMonth('2028-02')).toBe(29);
    expect(daysInMonth('2026-02')).toBe(28);
    expect(monthsBetween('2026-11', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
  });
});
