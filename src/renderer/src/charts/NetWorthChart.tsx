import { useMemo } from 'react';
import { Area, AreaChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import type { NetWorthSeriesDTO } from '../../../shared/dto';
import { downsampleLttb } from '../lib/downsample';
import { formatDay } from '../lib/dates';
import { formatMajor, formatMoneyCompact, minorToMajor } from '../lib/money';
import { ChartFrame } from './ChartFrame';

/** Drawn points per series at most: about one per horizontal pixel of a dashboard card. */
const MAX_POINTS = 600;

export function NetWorthChart({ series }: { series: NetWorthSeriesDTO }) {
  const { currency } = series;
  const data = useMemo(
    () => downsampleLttb(series.points, MAX_POINTS, (p) => p.minor).map((p) => ({ date: p.date, value: minorToMajor(p.minor, currency) })),
    [series.points, currency],
  );
  const gradientId = `nw-${currency}`;
  return (
    <ChartFrame height={220} label={`Net worth over time in ${currency}`}>
      <AreaChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
        <defs>
          <linearGradient id={gradientId} x1="0" y1="0" x2="0" y2="1">
            <stop offset="0%" stopColor="var(--accent)" stopOpacity={0.35} />
            <stop offset="100%" stopColor="var(--accent)" stopOpacity={0.02} />
          </linearGradient>
        </defs>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" vertical={false} />
        <XAxis dataKey="date" tickFormatter={formatDay} minTickGap={48} stroke="var(--muted)" fontSize={12} />
        <YAxis domain={['auto', 'auto']} tickFormatter={(v: number) => formatMoneyCompact(v, currency)} width={72} stroke="var(--muted)" fontSize={12} />
        <Tooltip
          formatter={(v) => formatMajor(Number(v), currency)}
          labelFormatter={(l) => formatDay(String(l))}
          contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)' }}
        />
        <Area
          type="monotone"
          dataKey="value"
          name="Net worth"
          stroke="var(--accent)"
          fill={`url(#${gradientId})`}
          strokeWidth={2}
          dot={false}
          isAnimationActive={false}
        />
      </AreaChart>
    </ChartFrame>
  );
}
