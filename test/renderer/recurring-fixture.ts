/** A Bills page's data for the renderer tests: today 2026-11-20, bills, a subscription with a price rise, salary, a suggestion. */
import type { RecurringOverviewDTO, RecurringSeriesDTO } from '../../src/shared/dto';

export function recurringSeries(over: Partial<RecurringSeriesDTO>): RecurringSeriesDTO {
  return {
    id: '1',
    status: 'confirmed',
    name: 'Foxtons Lettings Rent',
    accountId: 'acc-1',
    accountName: 'Everyday Current',
    currency: 'GBP',
    direction: 'out',
    cadence: 'monthly',
    expectedMinor: 145_000,
    variable: false,
    yearlyMinor: 145_000 * 12,
    firstDay: '2024-12-01',
    lastDay: '2026-11-02',
    nextDay: '2026-12-01',
    state: 'active',
    isNew: false,
    priceRise: null,
    occurrences: 24,
    ...over,
  };
}

export function recurringOverview(): RecurringOverviewDTO {
  const series = [
    recurringSeries({ id: '4', status: 'suggested', name: 'Disney+', expectedMinor: 1099, yearlyMinor: 13_188, nextDay: '2026-12-03', priceRise: { fromMinor: 799, toMinor: 1099 }, occurrences: 23 }),
    recurringSeries({ id: '5', status: 'suggested', name: 'Acme Analytics Ltd Salary', direction: 'in', expectedMinor: 310_000, yearlyMinor: 3_720_000, nextDay: '2026-11-25', occurrences: 23 }),
    recurringSeries({ id: '1' }),
    recurringSeries({ id: '2', name: 'Octopus Energy', variable: true, expectedMinor: 11_480, yearlyMinor: 137_760, nextDay: '2026-12-05', lastDay: '2026-11-05' }),
    recurringSeries({ id: '3', name: 'PureGym', expectedMinor: 2_499, yearlyMinor: 29_988, nextDay: '2026-08-20', lastDay: '2026-07-20', state: 'ended', occurrences: 18 }),
    recurringSeries({ id: '6', name: 'Direct Line Insurance', cadence: 'yearly', expectedMinor: 38_940, yearlyMinor: 38_940, nextDay: '2026-11-30', lastDay: '2025-11-28', occurrences: 2 }),
    recurringSeries({ id: '7', name: 'EE Mobile', expectedMinor: 2_500, yearlyMinor: 30_000, nextDay: '2026-11-18', lastDay: '2026-10-18', state: 'missed' }),
    recurringSeries({ id: '8', name: 'Spotify', expectedMinor: 1199, yearlyMinor: 14_388, nextDay: '2026-12-08', firstDay: '2026-09-08', lastDay: '2026-11-08', isNew: true, occurrences: 3 }),
  ];
  const occ = (s: RecurringSeriesDTO, day: string, paid = false) => ({
    seriesId: s.id,
    name: s.name,
    day,
    amountMinor: s.expectedMinor,
    currency: s.currency,
    direction: s.direction,
    paid,
    suggested: s.status === 'suggested',
  });
  const [disney, salary, rent, energy, , insurance, , spotify] = series;
  const occurrences = [
    occ(rent, '2026-11-02', true),
    occ(energy, '2026-11-05', true),
    occ(spotify, '2026-11-08', true),
    occ(salary, '2026-11-25'),
    occ(insurance, '2026-11-30'),
    occ(rent, '2026-12-01'),
    occ(disney, '2026-12-03'),
    occ(energy, '2026-12-05'),
    occ(spotify, '2026-12-08'),
    occ(salary, '2026-12-25'),
  ];
  return {
    today: '2026-11-20',
    series,
    occurrences,
    monthTotals: [
      { month: '2026-11', currency: 'GBP', billsMinor: 145_000 + 11_480 + 1199 + 38_940, incomeMinor: 310_000 },
      { month: '2026-12', currency: 'GBP', billsMinor: 145_000 + 1099 + 11_480 + 1199, incomeMinor: 310_000 },
    ],
  };
}
