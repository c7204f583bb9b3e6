import { useMemo } from 'react';
import { Area, AreaChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import type { AccountHistoryDTO } from '../../../shared/dto';
import { downsampleLttb } from '../lib/downsample';
import { formatDay } from '../lib/dates';
import { formatMajor, formatMoney, formatMoneyCompact, minorToMajor } from '../lib/money';
import { ChartFrame, SingleBalanceNote } from './ChartFrame';

const MAX_POINTS = 600;

/**
 * One account's balance over time. A single balance is drawn as one marked point (with the figure in
 * words beside it), not as an invented line; a few points are marked so each one can be seen.
 */
export function BalanceHistoryChart({ history, name }: { history: AccountHistoryDTO; name: string }) {
  const { currency } = history;
  const data = useMemo(
    () => downsampleLttb(history.points, MAX_POINTS, (p) => p.minor).map((p) => ({ date: p.date, value: minorToMajor(p.minor, currency) })),
    [history.points, currency],
  );
  const single = history.points.length === 1 ? history.points[0] : null;
  const last = history.points.at(-1);
  const label = single
    ? `Balance of ${name}: one balance so far, ${formatMoney(single.minor, currency)} on ${formatDay(single.date)}`
    : `Balance of ${name} over time, from ${formatDay(history.points[0].date)} to ${formatDay(last!.date)}, now ${formatMoney(last!.minor, currency)}`;
  return (
    <>
      <ChartFrame height={220} label={label}>
        <AreaChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" vertical={false} />
          <XAxis dataKey="date" tickFormatter={formatDay} minTickGap={48} stroke="var(--muted)" fontSize={12} padding={single ? { left: 40, right: 40 } : undefined} />
          <YAxis domain={['auto', 'auto']} tickFormatter={(v: number) => formatMoneyCompact(v, currency)} width={72} stroke="var(--muted)" fontSize={12} />
          <Tooltip
            formatter={(v) => formatMajor(Number(v), currency)}
            labelFormatter={(l) => formatDay(String(l))}
            contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)' }}
          />
          <Area
            type="stepAfter"
            dataKey="value"
            name="Balance"
            stroke="var(--accent)"
            fill="var(--accent)"
            fillOpacity={0.12}
            strokeWidth={2}
            dot={data.length <= 40 ? { r: 4, fill: 'var(--accent)' } : false}
            isAnimationActive={false}
          />
        </AreaChart>
      </ChartFrame>
      {single && <SingleBalanceNote point={single} currency={currency} />}
    </>
  );
}
