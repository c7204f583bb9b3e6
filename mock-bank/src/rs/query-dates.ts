/**
 * `fromBookingDateTime` / `toBookingDateTime`: the profile says they carry no timezone (and a bank must
 * ignore one if sent); a date alone means 00:00:00. Returns epoch ms (UTC), null when absent.
 */
export function parseBookingDateTime(value: unknown): number | null | 'invalid' {
  if (value === undefined) return null;
  if (typeof value !== 'string') return 'invalid';
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?))?(?:Z|[+-]\d{2}:?\d{2})?$/.exec(value.trim());
  if (!m) return 'invalid';
  const time = m[2] ?? '00:00:00';
  const ms = Date.parse(`${m[1]}T${time.length === 5 ? `${time}:00` : time.replace(/(\.\d{3})\d+$/, '$1')}Z`);
  return Number.isNaN(ms) ? 'invalid' : ms;
}
