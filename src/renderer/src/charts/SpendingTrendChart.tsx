import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { SpendingTrendPointDTO } from '../../../shared/dto';
import { formatMonth } from '../lib/dates';
import { formatMajor, formatMoneyCompact, minorToMajor } from '../lib/money';
import { ChartFrame } from './ChartFrame';
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
    <ChartFrame height={240} label={`Spending by month and category in ${currency}`}>
      <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" vertical={false} />
        <XAxis dataKey="month" tickFormatter={(m: string) => formatMonth(m, true)} stroke="var(--muted)" fontSize={12} />
        <YAxis tickFormatter={(v: number) => formatMoneyCompact(v, currency)} width={72} stroke="var(--muted)" fontSize={12} />
        <Tooltip
          formatter={(v) => formatMajor(Number(v), currency)}
          labelFormatter={(l) => formatMonth(String(l))}
          contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)' }}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {series.map((s) => (
          <Bar key={s.key} dataKey={s.key} name={s.name} stackId="spend" fill={s.color} maxBarSize={56} isAnimationActive={false} />
        ))}
      </BarChart>
    </ChartFrame>
  );
}
