import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { IncomeExpensePointDTO } from '../../../shared/dto';
import { formatMonth } from '../lib/dates';
import { formatMajor, formatMoneyCompact, minorToMajor } from '../lib/money';
import { ChartFrame } from './ChartFrame';
import { EXPENSE_COLOR, INCOME_COLOR } from './palette';

export function IncomeExpenseChart({ points, currency }: { points: IncomeExpensePointDTO[]; currency: string }) {
  const data = useMemo(
    () =>
      points
        .filter((p) => p.currency === currency)
        .map((p) => ({ month: p.month, income: minorToMajor(Math.abs(p.incomeMinor), currency), expenses: minorToMajor(Math.abs(p.expensesMinor), currency) })),
    [points, currency],
  );
  return (
    <ChartFrame height={220} label={`Income and expenses by month in ${currency}`}>
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" vertical={false} />
        <XAxis dataKey="month" tickFormatter={(m: string) => formatMonth(m, true)} stroke="var(--muted)" fontSize={12} />
        <YAxis tickFormatter={(v: number) => formatMoneyCompact(v, currency)} width={72} stroke="var(--muted)" fontSize={12} />
        <Tooltip
          formatter={(v) => formatMajor(Number(v), currency)}
          labelFormatter={(l) => formatMonth(String(l))}
          contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)' }}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="income" name="Income" fill={INCOME_COLOR} maxBarSize={40} isAnimationActive={false} />
        <Bar dataKey="expenses" name="Expenses" fill={EXPENSE_COLOR} maxBarSize={40} isAnimationActive={false} />
      </BarChart>
    </ChartFrame>
  );
}
