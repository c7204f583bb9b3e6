export type RangePreset = 'month' | '3m' | '12m' | 'all' | 'custom';

export interface DateRange {
  preset: RangePreset;
  from: string;
  to: string;
}

export const RANGE_PRESETS: { id: Exclude<RangePreset, 'custom'>; label: string }[] = [
  { id: 'month', label: 'This month' },
  { id: '3m', label: '3 months' },
  { id: '12m', label: '12 months' },
  { id: 'all', label: 'All' },
];

/** Earliest date "All" asks for; the main process only has what the banks sent. */
const ALL_FROM = '1970-01-01';

export function isoDate(d: Date): string {
  const m = String(d.getMonth() + 1).padStart(2, '0');
  const day = String(d.getDate()).padStart(2, '0');
  return `${d.getFullYear()}-${m}-${day}`;
}

export function presetRange(preset: Exclude<RangePreset, 'custom'>, today: Date = new Date()): DateRange {
  const to = isoDate(today);
  const monthsBack = { month: 0, '3m': 2, '12m': 11, all: 0 }[preset];
  if (preset === 'all') return { preset, from: ALL_FROM, to };
  const from = isoDate(new Date(today.getFullYear(), today.getMonth() - monthsBack, 1));
  return { preset, from, to };
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const monthFormat = new Map<string, Intl.DateTimeFormat>();

/** "2026-03" → "Mar 2026" (or "Mar" when short). */
export function formatMonth(month: string, short = false): string {
  const key = short ? 'short' : 'long';
  let f = monthFormat.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(undefined, short ? { month: 'short', timeZone: 'UTC' } : { month: 'short', year: 'numeric', timeZone: 'UTC' });
    monthFormat.set(key, f);
  }
  return f.format(new Date(`${month.slice(0, 7)}-01T00:00:00Z`));
}

const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

export function formatDay(date: string): string {
  return dayFormat.format(new Date(`${date.slice(0, 10)}T00:00:00Z`));
}

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDateTime(iso: string): string {
  return dateTimeFormat.format(new Date(iso));
}

/** Days from now until `iso`, fractional (negative when past). */
export function daysUntil(iso: string, now: Date = new Date()): number {
  return (new Date(iso).getTime() - now.getTime()) / 86_400_000;
}
