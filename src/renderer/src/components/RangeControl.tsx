import { useState } from 'react';
import { rangeProblem } from '../../../shared/periods';
import { RANGE_PRESETS, presetRange, type DateRange } from '../lib/dates';

/**
 * Date-range presets (this month, 3 months, 12 months, all) plus a custom from/to. A custom range whose
 * start is after its end is not applied: the dates stay as typed, with a message saying what to change,
 * and the charts keep the last good range.
 */
export function RangeControl({ value, onChange }: { value: DateRange; onChange: (r: DateRange) => void }) {
  const [draft, setDraft] = useState<{ from: string; to: string } | null>(null);
  const shown = draft ?? value;
  const problem = draft ? rangeProblem(draft) : null;
  function change(next: { from: string; to: string }) {
    if (rangeProblem(next)) {
      setDraft(next);
    } else {
      setDraft(null);
      onChange({ preset: 'custom', ...next });
    }
  }
  return (
    <div className="range-control" role="group" aria-label="Date range">
      {RANGE_PRESETS.map((p) => (
        <button
          key={p.id}
          type="button"
          className="chip"
          aria-pressed={value.preset === p.id}
          onClick={() => {
            setDraft(null);
            onChange(presetRange(p.id));
          }}
        >
          {p.label}
        </button>
      ))}
      <button type="button" className="chip" aria-pressed={value.preset === 'custom'} onClick={() => onChange({ ...value, preset: 'custom' })}>
        Custom
      </button>
      {value.preset === 'custom' && (
        <span className="custom-range">
          <label>
            From
            <input
              type="date"
              value={shown.from}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? 'range-problem' : undefined}
              onChange={(e) => e.target.value && change({ from: e.target.value, to: shown.to })}
            />
          </label>
          <label>
            To
            <input
              type="date"
              value={shown.to}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? 'range-problem' : undefined}
              onChange={(e) => e.target.value && change({ from: shown.from, to: e.target.value })}
            />
          </label>
          {problem && (
            <span id="range-problem" role="alert" className="error-text">
              {problem} The charts still show {value.from} to {value.to}.
            </span>
          )}
        </span>
      )}
    </div>
  );
}
