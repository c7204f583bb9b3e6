/**
 * A month calendar of bills paid and expected (this month and next). Keyboard: the arrow keys move a day or a week,
 * Home and End to the start and end of the week, Page Up and Page Down a month; Enter or Space shows the day's bills.
 * Only the focused day is in the tab order (a roving tab stop); each day says in words what falls on it.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { RecurringOccurrenceDTO } from '../../../shared/dto';
import { Card } from '../components/feedback';
import { Money } from '../components/Money';
import { formatDay, formatMonth } from '../lib/dates';
import { formatMoney } from '../lib/money';

const DAY_MS = 86_400_000;
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const toDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const addDays = (day: string, n: number) => toDay(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS);
const monthOf = (day: string) => day.slice(0, 7);
const addMonths = (month: string, n: number) => {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1 + n, 1)).toISOString().slice(0, 7);
};
const lastDayOf = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};
/** 0 = Monday. */
const weekdayOf = (day: string) => (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
const longDay = (day: string) => `${WEEKDAYS[weekdayOf(day)]} ${formatDay(day)}`;

function describe(list: RecurringOccurrenceDTO[]): string {
  if (list.length === 0) return 'no bills';
  return list.map((o) => `${o.name} ${formatMoney(o.amountMinor, o.currency)} ${o.paid ? 'paid' : o.direction === 'in' ? 'expected in' : 'expected'}`).join(', ');
}

export function BillsCalendar({ today, occurrences }: { today: string; occurrences: RecurringOccurrenceDTO[] }) {
  const first = monthOf(today);
  const last = addMonths(first, 1);
  const [month, setMonth] = useState(first);
  const [focused, setFocused] = useState(today);
  const [selected, setSelected] = useState<string | null>(null);
  const moved = useRef(false);
  const grid = useRef<HTMLTableElement>(null);

  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    grid.current?.querySelector<HTMLButtonElement>(`[data-day="${focused}"]`)?.focus();
  }, [focused, month]);

  const byDay = new Map<string, RecurringOccurrenceDTO[]>();
  for (const o of occurrences) {
    const list = byDay.get(o.day) ?? [];
    list.push(o);
    byDay.set(o.day, list);
  }

  const start = `${month}-01`;
  const end = lastDayOf(month);
  const weeks: (string | null)[][] = [];
  let week: (string | null)[] = Array<string | null>(weekdayOf(start)).fill(null);
  for (let d = start; d <= end; d = addDays(d, 1)) {
    week.push(d);
    if (week.length === 7) {
      weeks.push(week);
      week = [];
    }
  }
  if (week.length) weeks.push([...week, ...Array<null>(7 - week.length).fill(null)]);

  function go(day: string) {
    const target = monthOf(day);
    if (target < first || target > last) return;
    moved.current = true;
    setMonth(target);
    setFocused(day);
  }
  function showMonth(target: string) {
    setMonth(target);
    setFocused(target === first ? today : `${target}-01`);
  }

  function onKeyDown(e: KeyboardEvent<HTMLButtonElement>, day: string) {
    const moves: Record<string, () => string> = {
      ArrowLeft: () => addDays(day, -1),
      ArrowRight: () => addDays(day, 1),
      ArrowUp: () => addDays(day, -7),
      ArrowDown: () => addDays(day, 7),
      Home: () => addDays(day, -weekdayOf(day)),
      End: () => addDays(day, 6 - weekdayOf(day)),
      PageUp: () => {
        const m = addMonths(monthOf(day), -1);
        return `${m}-${String(Math.min(Number(day.slice(8)), Number(lastDayOf(m).slice(8)))).padStart(2, '0')}`;
      },
      PageDown: () => {
        const m = addMonths(monthOf(day), 1);
        return `${m}-${String(Math.min(Number(day.slice(8)), Number(lastDayOf(m).slice(8)))).padStart(2, '0')}`;
      },
    };
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    go(move());
  }

  const headingId = 'bills-calendar-month';
  const chosen = selected ? (byDay.get(selected) ?? []) : null;
  return (
    <Card
      title="Calendar"
      className="bills-calendar"
      actions={
        <div className="row">
          <button type="button" className="btn icon" onClick={() => showMonth(first)} disabled={month === first} aria-label="Previous month">
            ‹
          </button>
          <span id={headingId} className="calendar-month" aria-live="polite">
            {formatMonth(month)}
          </span>
          <button type="button" className="btn icon" onClick={() => showMonth(last)} disabled={month === last} aria-label="Next month">
            ›
          </button>
        </div>
      }
    >
      <table className="calendar" role="grid" aria-labelledby={headingId} ref={grid}>
        <thead>
          <tr>
            {WEEKDAYS.map((w) => (
              <th key={w} scope="col" abbr={w}>
                {w.slice(0, 3)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((days, i) => (
            <tr key={i}>
              {days.map((day, j) => {
                if (!day) return <td key={j} className="calendar-empty" />;
                const list = byDay.get(day) ?? [];
                return (
                  <td key={day} role="gridcell" aria-selected={selected === day}>
                    <button
                      type="button"
                      data-day={day}
                      className={`calendar-day${day === today ? ' today' : ''}${list.length ? ' has-bills' : ''}${day < today ? ' past' : ''}`}
                      tabIndex={day === focused ? 0 : -1}
                      aria-current={day === today ? 'date' : undefined}
                      aria-label={`${longDay(day)}${day === today ? ', today' : ''}: ${describe(list)}`}
                      onKeyDown={(e) => onKeyDown(e, day)}
                      onFocus={() => setFocused(day)}
                      onClick={() => setSelected(day)}
                    >
                      <span className="calendar-date" aria-hidden="true">
                        {Number(day.slice(8))}
                      </span>
                      {list.length > 0 && (
                        <span className="calendar-items" aria-hidden="true">
                          {list.slice(0, 2).map((o) => (
                            <span key={o.seriesId} className={`calendar-item${o.paid ? ' paid' : ''}${o.direction === 'in' ? ' income' : ''}`}>
                              {o.paid ? '✓ ' : ''}
                              {o.name}
                            </span>
                          ))}
                          {list.length > 2 && <span className="calendar-item more">+{list.length - 2} more</span>}
                        </span>
                      )}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">✓ paid. Arrow keys move between days, Page Up and Page Down between months; Enter shows a day’s bills.</p>
      <div aria-live="polite" className="calendar-details">
        {selected && chosen && (
          <>
            <h3 className="small-heading">{longDay(selected)}</h3>
            {chosen.length === 0 ? (
              <p className="muted">Nothing is due that day.</p>
            ) : (
              <ul className="upcoming-list">
                {chosen.map((o) => (
                  <li key={o.seriesId}>
                    <span className="upcoming-name">
                      {o.name} <span className="muted">{o.paid ? 'paid' : 'expected'}</span>
                    </span>
                    <Money minor={o.direction === 'in' ? o.amountMinor : -o.amountMinor} currency={o.currency} />
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
    </Card>
  );
}
