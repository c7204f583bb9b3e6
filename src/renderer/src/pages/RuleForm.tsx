import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { CategoryDTO, TransactionDTO } from '../../../shared/dto';
import { useApi } from '../api/context';
import { CategoryOptions } from '../components/CategoryOptions';
import { useAction } from '../lib/use-action';
import { FormError } from '../components/feedback';

/** "Create rule from this transaction": merchant/description contains/equals → category. */
export function RuleForm({
  transaction,
  categories,
  onSaved,
  onCancel,
}: {
  transaction: TransactionDTO;
  categories: CategoryDTO[];
  onSaved: (updated: number) => void;
  onCancel: () => void;
}) {
  const api = useApi();
  const [field, setField] = useState<'merchant' | 'description'>(transaction.merchant ? 'merchant' : 'description');
  const [op, setOp] = useState<'contains' | 'equals'>('contains');
  const [value, setValue] = useState(transaction.merchant ?? transaction.description);
  const [categoryId, setCategoryId] = useState(transaction.categoryId ?? categories[0]?.id ?? '');
  const [applyToExisting, setApplyToExisting] = useState(true);
  const { busy, error, run } = useAction();
  // the button that opened the form is gone: focus moves into the form, so Escape and Tab stay in the dialog
  const firstField = useRef<HTMLSelectElement>(null);
  useEffect(() => firstField.current?.focus(), []);

  function submit(e: FormEvent) {
    e.preventDefault();
    void run(
      async () => {
        const { updated } = await api.createRule({ field, op, value: value.trim(), categoryId, applyToExisting });
        onSaved(updated);
      },
      (message) => `The rule was not saved: ${message}`,
    );
  }

  return (
    <form className="form-grid" onSubmit={submit} aria-label="New rule">
      <label>
        When the
        <select ref={firstField} value={field} onChange={(e) => setField(e.target.value as typeof field)}>
          <option value="merchant">merchant</option>
          <option value="description">description</option>
        </select>
      </label>
      <label>
        Match
        <select value={op} onChange={(e) => setOp(e.target.value as typeof op)}>
          <option value="contains">contains</option>
          <option value="equals">equals</option>
        </select>
      </label>
      <label>
        Text to match
        <input required maxLength={200} value={value} onChange={(e) => setValue(e.target.value)} />
      </label>
      <label>
        Set category
        <select required value={categoryId} onChange={(e) => setCategoryId(e.target.value)}>
          <CategoryOptions categories={categories} selected={categoryId} />
        </select>
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={applyToExisting} onChange={(e) => setApplyToExisting(e.target.checked)} />
        Also apply to existing transactions
      </label>
      <FormError message={error} />
      <div className="row">
        <button type="submit" className="btn primary" disabled={busy || !value.trim() || !categoryId}>
          Save rule
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
