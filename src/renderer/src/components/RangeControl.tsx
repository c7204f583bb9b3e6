import { RANGE_PRESETS, presetRange, type DateRange } from '../lib/dates';

/** Date-range presets (this month, 3 months, 12 months, all) plus a custom from/to. */
export function RangeControl({ value, onChange }: { value: DateRange; onChange: (r: DateRange) => void }) {
  return (
    <div className="range-control" role="group" aria-label="Date range">
      {RANGE_PRESETS.map((p) => (
        <button
          key={p.id}
          type="button"
          className="chip"
          aria-pressed={value.preset === p.id}
          onClick={() => onChange(presetRange(p.id))}
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
            <input type="date" value={value.from} max={value.to} onChange={(e) => e.target.value && onChange({ ...value, from: e.target.value })} />
          </label>
          <label>
            To
            <input type="date" value={value.to} min={value.from} onChange={(e) => e.target.value && onChange({ ...value, to: e.target.value })} />
          </label>
        </span>
      )}
    </div>
  );
}
