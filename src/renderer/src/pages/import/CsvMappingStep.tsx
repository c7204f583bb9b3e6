/** The CSV mapping step: which column is what, shown over the file's first rows; date format and decimal separator confirmed. */
import { useId, useState, type FormEvent } from 'react';
import type { ImportCsvDTO, ImportCsvMappingDTO } from '../../../../shared/dto';
import { FormError } from '../../components/feedback';
import { useFocusOnMount } from './focus';
import { currencyLabel, currencyOptions } from '../../lib/currencies';

type Role = 'date' | 'amount' | 'debit' | 'credit' | 'description' | 'payee' | 'reference' | 'currency' | 'valueDate';

const ROLE_LABELS: Record<Role, string> = {
  date: 'Date',
  valueDate: 'Value date',
  amount: 'Amount',
  debit: 'Money out',
  credit: 'Money in',
  description: 'Description',
  payee: 'Payee',
  reference: 'Reference',
  currency: 'Currency',
};

const COMMON_DATE_FORMATS = ['DD/MM/YYYY', 'MM/DD/YYYY', 'YYYY-MM-DD', 'DD.MM.YYYY', 'DD-MM-YYYY', 'YYYY/MM/DD', 'D/M/YYYY', 'M/D/YYYY', 'DD/MM/YY', 'MM/DD/YY'];
const SHOWN_ROWS = 5;

/** What is missing from a mapping before it can be read, or null. */
export function mappingProblem(m: ImportCsvMappingDTO): string | null {
  if (m.amount === undefined && m.debit === undefined && m.credit === undefined) return 'Choose the column with the amount, or the columns with money out and money in.';
  return null;
}

export function CsvMappingStep({
  csv,
  fileName,
  busy,
  error,
  onSubmit,
  onBack,
}: {
  csv: ImportCsvDTO;
  fileName: string;
  busy: boolean;
  error: string | null;
  onSubmit: (mapping: ImportCsvMappingDTO) => void;
  onBack: () => void;
}) {
  const [m, setM] = useState<ImportCsvMappingDTO>(csv.mapping);
  const [split, setSplit] = useState(csv.mapping.amount === undefined && (csv.mapping.debit !== undefined || csv.mapping.credit !== undefined));
  const [problem, setProblem] = useState<string | null>(null);
  const hintId = useId();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const width = Math.max(csv.headers.length, ...csv.sampleRows.map((r) => r.length));
  const columnName = (i: number) => (csv.hasHeader && csv.headers[i] ? csv.headers[i] : `Column ${i + 1}`);
  const dateFormats = [...new Set([m.dateFormat, ...csv.dateFormats, ...COMMON_DATE_FORMATS])];
  const roleOf = (i: number) => (Object.keys(ROLE_LABELS) as Role[]).filter((r) => m[r] === i).map((r) => ROLE_LABELS[r]);

  function setColumn(role: Role, value: string) {
    setM((prev) => ({ ...prev, [role]: value === '' ? undefined : Number(value) }));
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const mapping: ImportCsvMappingDTO = split ? { ...m, amount: undefined } : { ...m, debit: undefined, credit: undefined };
    const p = mappingProblem(mapping);
    setProblem(p);
    if (!p) onSubmit(mapping);
  }

  // a function, not a component: a component declared here would be a new type each render and lose focus
  function columnSelect(role: Role, optional = false) {
    return (
      <label key={role}>
        <span>
          {ROLE_LABELS[role]}
          {optional && ' (optional)'}
        </span>
        <select value={m[role] ?? ''} onChange={(e) => setColumn(role, e.target.value)} required={!optional}>
          {optional && <option value="">Not in this file</option>}
          {Array.from({ length: width }, (_, i) => (
            <option key={i} value={i}>
              {columnName(i)}
              {csv.sampleRows[0]?.[i] ? ` — e.g. ${csv.sampleRows[0][i].slice(0, 30)}` : ''}
            </option>
          ))}
        </select>
      </label>
    );
  }

  return (
    <form className="import-mapping" onSubmit={submit} aria-labelledby="mapping-title">
      <h2 id="mapping-title" ref={heading} tabIndex={-1}>Which column is what in {fileName}?</h2>
      <p className="muted" id={hintId}>
        MyBucks guessed the columns from the file{csv.saved ? ' (these are the ones you confirmed for this account last time)' : ''}. Check them against the
        first rows below, then preview the import. Nothing is written until you confirm the preview.
      </p>
      <div className="table-scroll" tabIndex={0} aria-label={`The first rows of ${fileName}`}>
        <table className="data-table import-sample">
          <thead>
            <tr>
              {Array.from({ length: width }, (_, i) => (
                <th key={i} scope="col">
                  {columnName(i)}
                  {roleOf(i).length > 0 && <span className="badge import-role">{roleOf(i).join(', ')}</span>}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {csv.sampleRows.slice(0, SHOWN_ROWS).map((row, r) => (
              <tr key={r}>
                {Array.from({ length: width }, (_, i) => (
                  <td key={i}>{row[i] ?? ''}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="form-grid import-columns" aria-describedby={hintId}>
        {columnSelect('date')}
        {columnSelect('description')}
        <fieldset className="span-2">
          <legend>Amounts</legend>
          <label className="inline-label">
            <input type="radio" name="amount-kind" checked={!split} onChange={() => setSplit(false)} /> One column, money out negative
          </label>
          <label className="inline-label">
            <input type="radio" name="amount-kind" checked={split} onChange={() => setSplit(true)} /> Separate columns for money out and money in
          </label>
        </fieldset>
        {split ? (
          <>
            {columnSelect('debit', true)}
            {columnSelect('credit', true)}
          </>
        ) : (
          columnSelect('amount')
        )}
        {columnSelect('payee', true)}
        {columnSelect('reference', true)}
        {columnSelect('currency', true)}
        <label>
          Date format
          <select value={m.dateFormat} onChange={(e) => setM({ ...m, dateFormat: e.target.value })}>
            {dateFormats.map((f) => (
              <option key={f} value={f}>
                {f}
                {csv.dateFormats.includes(f) ? ' (matches the file)' : ''}
              </option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>Decimal separator</legend>
          <label className="inline-label">
            <input type="radio" name="decimal" checked={m.decimalSeparator === '.'} onChange={() => setM({ ...m, decimalSeparator: '.', thousandsSeparator: undefined })} /> Point
            (1,234.56)
          </label>
          <label className="inline-label">
            <input type="radio" name="decimal" checked={m.decimalSeparator === ','} onChange={() => setM({ ...m, decimalSeparator: ',', thousandsSeparator: undefined })} /> Comma
            (1.234,56)
          </label>
        </fieldset>
        <label>
          Currency of the amounts
          <select value={m.defaultCurrency} onChange={(e) => setM({ ...m, defaultCurrency: e.target.value })}>
            {currencyOptions([m.defaultCurrency]).map((c) => (
              <option key={c} value={c}>
                {currencyLabel(c)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-label span-2">
          <input type="checkbox" checked={m.invertSign ?? false} onChange={(e) => setM({ ...m, invertSign: e.target.checked })} /> Money out is positive in this file (a
          card statement): flip the signs
        </label>
      </div>
      <FormError message={problem ?? error} />
      <div className="row">
        <button type="submit" className="btn primary" disabled={busy}>
          {busy ? 'Reading…' : 'Preview the import'}
        </button>
        <button type="button" className="btn" onClick={onBack} disabled={busy}>
          Back
        </button>
      </div>
    </form>
  );
}
