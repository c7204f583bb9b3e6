import { useMemo } from 'react';
import { Area, AreaChart, CartesianGrid, Legend, Line, Tooltip, XAxis, YAxis } from 'recharts';
import { downsampleLttb } from '../lib/downsample';
import { formatDay } from '../lib/dates';
import { formatMajor, formatMoney, formatMoneyCompact, minorToMajor } from '../lib/money';
import { ChartFrame, SingleBalanceNote } from './ChartFrame';
import { EXPENSE_COLOR, INCOME_COLOR } from './palette';

/** Drawn points per series at most: about one per horizontal pixel of a dashboard card. */
const MAX_POINTS = 600;

export interface NetWorthPoint {
  date: string;
  /** Net worth (assets − liabilities). */
  minor: number;
  assetsMinor?: number;
  liabilitiesMinor?: number;
}

/**
 * Net worth over time in one currency; with assets and liabilities (the home-currency series) those too.
 * A single balance is one marked point with the figure in words, not a lone dot on an empty axis. A click
 * on a day opens that day's transactions.
 */
export function NetWorthChart({
  series,
  onOpen,
}: {
  series: { currency: string; points: NetWorthPoint[] };
  onOpen?: (date: string) => void;
}) {
  const { currency } = series;
  const withParts = series.points.some((p) => p.assetsMinor !== undefined);
  const data = useMemo(
    () =>
      downsampleLttb(series.points, MAX_POINTS, (p) => p.minor).map((p) => ({
        date: p.date,
        value: minorToMajor(p.minor, currency),
        ...(p.assetsMinor !== undefined && { assets: minorToMajor(p.assetsMinor, currency) }),
        ...(p.liabilitiesMinor !== undefined && { liabilities: minorToMajor(Math.abs(p.liabilitiesMinor), currency) }),
      })),
    [series.points, currency],
  );
  const single = series.points.length === 1 ? series.points[0] : null;
  const first = series.points[0];
  const last = series.points.at(-1)!;
  const gradientId = `nw-${currency}`;
  const label = single
    ? `Net worth in ${currency}: one balance so far, ${formatMoney(single.minor, currency)} on ${formatDay(single.date)}`
    : `Net worth over time in ${currency}, from ${formatMoney(first.minor, currency)} on ${formatDay(first.date)} to ${formatMoney(last.minor, currency)} on ${formatDay(last.date)}`;
  return (
    <>
      <ChartFrame height={220} label={label}>
        <AreaChart
          data={data}
          margin={{ top: 8, right: 8, bottom: 0, left: 8 }}
          onClick={(state) => {
            if (onOpen && typeof state?.activeLabel === 'string') onOpen(state.activeLabel);
          }}
          style={onOpen ? { cursor: 'pointer' } : undefined}
        >
          <defs>
            <linearGradient id={gradientId} x1="0" y1="0" x2="0" y2="1">
              <stop offset="0%" stopColor="var(--accent)" stopOpacity={0.35} />
              <stop offset="100%" stopColor="var(--accent)" stopOpacity={0.02} />
            </linearGradient>
          </defs>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" vertical={false} />
          <XAxis dataKey="date" tickFormatter={formatDay} minTickGap={48} stroke="var(--muted)" fontSize={12} padding={single ? { left: 40, right: 40 } : undefined} />
          <YAxis domain={['auto', 'auto']} tickFormatter={(v: number) => formatMoneyCompact(v, currency)} width={72} stroke="var(--muted)" fontSize={12} />
          <Tooltip
            formatter={(v) => formatMajor(Number(v), currency)}
            labelFormatter={(l) => formatDay(String(l))}
            contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)' }}
          />
          {withParts && <Legend wrapperStyle={{ fontSize: 12 }} />}
          <Area
            type="monotone"
            dataKey="value"
            name="Net worth"
            stroke="var(--accent)"
            fill={`url(#${gradientId})`}
            strokeWidth={2}
            dot={single ? { r: 5, fill: 'var(--accent)' } : false}
            isAnimationActive={false}
          />
          {withParts && <Line type="monotone" dataKey="assets" name="Assets" stroke={INCOME_COLOR} strokeWidth={1.5} dot={single ? { r: 4 } : false} isAnimationActive={false} />}
          {withParts && (
            <Line type="monotone" dataKey="liabilities" name="Liabilities" stroke={EXPENSE_COLOR} strokeWidth={1.5} dot={single ? { r: 4 } : false} isAnimationActive={false} />
          )}
        </AreaChart>
      </ChartFrame>
      {single && <SingleBalanceNote point={single} currency={currency} />}
    </>
  );
}
