import { useMemo, type ReactNode } from 'react';
import { BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMonth } from '../lib/dates';
import { formatMajor, formatMoneyCompact } from '../lib/money';
import { monthsBetween } from '../pages/dashboard-data';
import { ChartFrame } from './ChartFrame';

/** At most this many month labels; beyond, every 2nd, 3rd… month is labelled, evenly. */
const MAX_LABELS = 12;

/**
 * The month axis: every month between the first and the last has its place (a month with nothing is an
 * empty slot, never skipped), and labels carry the year when the months span more than one year.
 */
export function monthAxis(rows: Record<string, number | string>[]): { rows: Record<string, number | string>[]; withYears: boolean; interval: number } {
  if (rows.length === 0) return { rows, withYears: false, interval: 0 };
  const sorted = [...rows].sort((a, b) => String(a.month).localeCompare(String(b.month)));
  const byMonth = new Map(sorted.map((r) => [String(r.month), r]));
  const months = monthsBetween(String(sorted[0].month), String(sorted.at(-1)!.month));
  const filled = months.map((m) => byMonth.get(m) ?? { month: m });
  const withYears = months[0].slice(0, 4) !== months.at(-1)!.slice(0, 4);
  return { rows: filled, withYears, interval: Math.ceil(months.length / MAX_LABELS) - 1 };
}

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
  const axis = useMemo(() => monthAxis(rows), [rows]);
  return (
    <ChartFrame height={height} label={label}>
      <BarChart data={axis.rows} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" vertical={false} />
        <XAxis
          dataKey="month"
          tickFormatter={(m: string) => formatMonth(m, !axis.withYears)}
          interval={axis.interval}
          stroke="var(--muted)"
          fontSize={12}
        />
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
