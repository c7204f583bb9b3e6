import { useMemo } from 'react';
import { Bar } from 'recharts';
import type { SpendingTrendPointDTO } from '../../../shared/dto';
import { minorToMajor } from '../lib/money';
import { keyOf } from '../pages/dashboard-data';
import { MonthlyBars } from './MonthlyBars';
import type { Slice } from './SpendingDonut';

/** The trend's rows: per month, each group's spending (groups as the donut has them; see groupCategories). */
export function trendRows(points: SpendingTrendPointDTO[], currency: string, groups: Slice[], major = true): Record<string, number | string>[] {
  const groupOf = new Map<string, string>();
  for (const g of groups) for (const k of g.keys) groupOf.set(keyOf(k), g.key);
  const months = new Map<string, Record<string, number | string>>();
  for (const p of points) {
    if (p.currency !== currency) continue;
    const row = months.get(p.month) ?? { month: p.month };
    const key = groupOf.get(keyOf(p.categoryId)) ?? 'other';
    const minor = Math.abs(p.minor);
    row[key] = ((row[key] as number | undefined) ?? 0) + (major ? minorToMajor(minor, currency) : minor);
    months.set(p.month, row);
  }
  return [...months.values()].sort((a, b) => String(a.month).localeCompare(String(b.month)));
}

/** Monthly spending stacked by category, grouped exactly as the donut; a bar segment opens its transactions. */
export function SpendingTrendChart({
  points,
  currency,
  groups,
  onOpen,
}: {
  points: SpendingTrendPointDTO[];
  currency: string;
  groups: Slice[];
  onOpen?: (group: Slice, month: string) => void;
}) {
  const rows = useMemo(() => trendRows(points, currency, groups), [points, currency, groups]);
  return (
    <MonthlyBars rows={rows} currency={currency} height={240} label={`Spending by month and category in ${currency}`}>
      {groups.map((g) => (
        <Bar
          key={g.key}
          dataKey={g.key}
          name={g.name}
          stackId="spend"
          fill={g.color}
          maxBarSize={56}
          isAnimationActive={false}
          cursor={onOpen ? 'pointer' : undefined}
          onClick={(d: { payload?: { month?: string } }) => d.payload?.month && onOpen?.(g, d.payload.month)}
        />
      ))}
    </MonthlyBars>
  );
}
