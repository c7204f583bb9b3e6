import type { ReactNode } from 'react';
import { BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMonth } from '../lib/dates';
import { formatMajor, formatMoneyCompact } from '../lib/money';
import { ChartFrame } from './ChartFrame';

/** A bar chart of money per month (`month` = YYYY-MM in each row) in one currency; the bars are the children. */
export function MonthlyBars({
  rows,
  currency,
  height,
  label,
  children,
}: {
  rows: Record<string, number | string>[];
  currency: string;
  height: number;
  label: string;
  children: ReactNode;
}) {
  return (
    <ChartFrame height={height} label={label}>
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
        {children}
      </BarChart>
    </ChartFrame>
  );
}
