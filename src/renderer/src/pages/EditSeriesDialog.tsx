/** Corrects a recurring series: its name, the amount expected each time, how often it is paid. Saving confirms it. */
import { useState, type FormEvent } from 'react';
import type { RecurringCadence, RecurringSeriesDTO } from '../../../shared/dto';
import { minorToDecimal } from '../../../shared/money';
import { useApi } from '../api/context';
import { Dialog, DialogFormFooter } from '../components/Dialog';
import { useAction } from '../lib/use-action';
import { parseAmount } from './account-forms';

export const CADENCE_LABELS: Record<RecurringCadence, string> = {
  weekly: 'Every week',
  fortnightly: 'Every two weeks',
  monthly: 'Every month',
  quarterly: 'Every three months',
  yearly: 'Every year',
};

export function EditSeriesDialog({ series, onClose, onSaved }: { series: RecurringSeriesDTO; onClose: () => void; onSaved: () => void }) {
  const api = useApi();
  const { busy, error, run } = useAction();
  const [name, setName] = useState(series.name);
  const [amount, setAmount] = useState(minorToDecimal(series.expectedMinor, series.currency));
  const [cadence, setCadence] = useState<RecurringCadence>(series.cadence);
  const [problem, setProblem] = useState<string | null>(null);

  function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = parseAmount(amount, series.currency);
    if ('problem' in parsed || parsed.minor <= 0) {
      setProblem(`“${amount}” is not an amount MyBucks can expect. Type what is paid each time as a number above zero, like 9.99.`);
      return;
    }
    if (!name.trim()) {
      setProblem('Give the bill a name, so you recognise it in the list.');
      return;
    }
    setProblem(null);
    void run(
      async () => {
        await api.editRecurring({ seriesId: series.id, name: name.trim(), expectedMinor: parsed.minor, cadence });
        onSaved();
      },
      (message) => `${series.name} was not changed: ${message}`,
    );
  }

  return (
    <Dialog title={`Edit ${series.name}`} onClose={onClose}>
      <form className="form-grid" onSubmit={submit} aria-label={`Edit ${series.name}`}>
        <p className="muted">Saving confirms it: MyBucks remembers it and attaches new payments to it after each sync.</p>
        <label>
          Name
          <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Amount each time ({series.currency})
          <input required inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
        </label>
        <label>
          How often
          <select value={cadence} onChange={(e) => setCadence(e.target.value as RecurringCadence)}>
            {Object.entries(CADENCE_LABELS).map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <DialogFormFooter error={problem ?? error} submitLabel="Save and confirm" disabled={busy} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
