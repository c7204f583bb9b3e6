import type { SpendingByCategoryDTO, SpendingTrendPointDTO } from '../../../shared/dto';
import { OTHER_COLOR, SERIES_COLORS, UNCATEGORISED_COLOR } from '../charts/palette';
import type { Slice } from '../charts/SpendingDonut';

/** Categories shown by name; the rest are folded into "Other" (never a single category on its own). */
export const TOP_CATEGORIES = 6;

export const keyOf = (categoryId: string | null) => categoryId ?? 'uncategorised';

interface CategoryTotal {
  categoryId: string | null;
  name: string;
  color: string;
  minor: number;
  previousMinor?: number;
}

/**
 * The one grouping of categories every spending chart uses (the donut and the monthly trend alike): the
 * biggest `topN` over the period by name, the rest as "Other" — unless only one would be left over, which
 * is then shown by name rather than as an "Other" of one.
 */
export function groupCategories(totals: CategoryTotal[], topN = TOP_CATEGORIES): Slice[] {
  const items = totals
    .map((i) => ({
      key: keyOf(i.categoryId),
      keys: [i.categoryId],
      name: i.name,
      color: i.color,
      minor: Math.abs(i.minor),
      previousMinor: Math.abs(i.previousMinor ?? 0),
    }))
    .filter((i) => i.minor > 0)
    .sort((a, b) => b.minor - a.minor || a.name.localeCompare(b.name));
  if (items.length <= topN + 1) return items;
  const rest = items.slice(topN);
  return [
    ...items.slice(0, topN),
    {
      key: 'other',
      keys: rest.flatMap((i) => i.keys),
      name: 'Other',
      color: OTHER_COLOR,
      minor: rest.reduce((sum, i) => sum + i.minor, 0),
      previousMinor: rest.reduce((sum, i) => sum + i.previousMinor, 0),
    },
  ];
}

/** The biggest categories of one currency's spending, the rest folded into "Other" (see groupCategories). */
export function topCategories(spending: SpendingByCategoryDTO[], currency: string, topN = TOP_CATEGORIES): Slice[] {
  return groupCategories(spending.find((s) => s.currency === currency)?.items ?? [], topN);
}

/** The trend's points of one currency, totalled per category over the period, grouped as the donut is. */
export function trendGroups(points: SpendingTrendPointDTO[], currency: string, colors: Map<string, string>, topN = TOP_CATEGORIES): Slice[] {
  const totals = new Map<string, CategoryTotal>();
  for (const p of points) {
    if (p.currency !== currency) continue;
    const key = keyOf(p.categoryId);
    const t = totals.get(key) ?? { categoryId: p.categoryId, name: p.name, color: '', minor: 0 };
    t.minor += Math.abs(p.minor);
    totals.set(key, t);
  }
  let i = 0;
  for (const [key, t] of totals) t.color = colors.get(key) ?? (key === 'uncategorised' ? UNCATEGORISED_COLOR : SERIES_COLORS[i++ % SERIES_COLORS.length]);
  return groupCategories([...totals.values()], topN);
}

/** How a figure compares with the same period before: "▲ 12% vs last month", or null with nothing to compare. */
export function versus(current: number, previous: number, periodName: string): { text: string; direction: 'up' | 'down' | 'same' } | null {
  if (previous === 0 && current === 0) return null;
  if (previous === 0) return { text: `new vs ${periodName}`, direction: 'up' };
  const change = (current - previous) / Math.abs(previous);
  const pct = Math.round(Math.abs(change) * 100);
  if (pct === 0) return { text: `same as ${periodName}`, direction: 'same' };
  return { text: `${change > 0 ? 'up' : 'down'} ${pct}% vs ${periodName}`, direction: change > 0 ? 'up' : 'down' };
}

/** Every month from the first to the last (YYYY-MM), so a month with nothing still has its place on the axis. */
export function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number);
  const [ly, lm] = last.split('-').map(Number);
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}
