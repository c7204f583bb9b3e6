import { useMemo } from 'react';
import { Bar } from 'recharts';
import type { SpendingTrendPointDTO } from '../../../shared/dto';
import { minorToMajor } from '../lib/money';
import { MonthlyBars } from './MonthlyBars';
import { OTHER_COLOR, SERIES_COLORS, UNCATEGORISED_COLOR } from './palette';

const TOP_N = 6;

/** Monthly spending stacked by category: the biggest categories over the period, the rest as "Other". */
export function SpendingTrendChart({ points, currency, colors }: { points: SpendingTrendPointDTO[]; currency: string; colors: Map<string, string> }) {
  const { rows, series } = useMemo(() => {
    const mine = points.filter((p) => p.currency === currency);
    const byCategory = new Map<string, { name: string; total: number }>();
    for (const p of mine) {
      const key = p.categoryId ?? 'uncategorised';
      const entry = byCategory.get(key) ?? { name: p.name, total: 0 };
      entry.total += Math.abs(p.minor);
      byCategory.set(key, entry);
    }
    const top = [...byCategory].sort((a, b) => b[1].total - a[1].total).slice(0, TOP_N);
    const topKeys = new Set(top.map(([k]) => k));
    const series = top.map(([key, v], i) => ({ key, name: v.name, color: colors.get(key) ?? (key === 'uncategorised' ? UNCATEGORISED_COLOR : SERIES_COLORS[i % SERIES_COLORS.length]) }));
    if (byCategory.size > TOP_N) series.push({ key: 'other', name: 'Other', color: OTHER_COLOR });
    const months = new Map<string, Record<string, number | string>>();
    for (const p of mine) {
      const row = months.get(p.month) ?? { month: p.month };
      const key = topKeys.has(p.categoryId ?? 'uncategorised') ? (p.categoryId ?? 'uncategorised') : 'other';
      row[key] = ((row[key] as number | undefined) ?? 0) + minorToMajor(Math.abs(p.minor), currency);
      months.set(p.month, row);
    }
    const rows = [...months.values()].sort((a, b) => String(a.month).localeCompare(String(b.month)));
    return { rows, series };
  }, [points, currency, colors]);

  return (
    <MonthlyBars rows={rows} currency={currency} height={240} label={`Spending by month and category in ${currency}`}>
      {series.map((s) => (
        <Bar key={s.key} dataKey={s.key} name={s.name} stackId="spend" fill={s.color} maxBarSize={56} isAnimationActive={false} />
      ))}
    </MonthlyBars>
  );
}
