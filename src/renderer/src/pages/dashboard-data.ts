import type { SpendingByCategoryDTO } from '../../../shared/dto';
import { OTHER_COLOR } from '../charts/palette';
import type { Slice } from '../charts/SpendingDonut';

/** The biggest `topN` categories of one currency's spending, the rest folded into "Other". */
export function topCategories(spending: SpendingByCategoryDTO[], currency: string, topN = 6): Slice[] {
  const items = (spending.find((s) => s.currency === currency)?.items ?? [])
    .map((i) => ({ key: i.categoryId ?? 'uncategorised', name: i.name, color: i.color, minor: Math.abs(i.minor) }))
    .filter((i) => i.minor > 0)
    .sort((a, b) => b.minor - a.minor);
  if (items.length <= topN + 1) return items;
  const rest = items.slice(topN).reduce((sum, i) => sum + i.minor, 0);
  return [...items.slice(0, topN), { key: 'other', name: 'Other', color: OTHER_COLOR, minor: rest }];
}
