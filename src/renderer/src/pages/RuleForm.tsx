import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { CategoryDTO, TransactionDTO } from '../../../shared/dto';
import { useApi } from '../api/context';
import { CategoryOptions } from '../components/CategoryOptions';
import { useAction } from '../lib/use-action';
import { FormError } from '../components/feedback';
import type { RulePreviewDTO } from '../../../shared/dto';
import { Preview } from './RuleEditor';

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
  const [preview, setPreview] = useState<RulePreviewDTO | null>(null);
  const previewing = useAction();
  // a preview shows the rule as it was when asked: any change makes it go
  const edit =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setPreview(null);
    };
  const input = { field, op, value: value.trim(), categoryId, applyToExisting };
  function runPreview() {
    void previewing.run(
      async () => setPreview(await api.previewRule({ rule: input, limit: 10 })),
      (message) => `No preview: ${message}`,
    );
  }
  // the button that opened the form is gone: focus moves into the form, so Escape and Tab stay in the dialog
  const firstField = useRef<HTMLSelectElement>(null);
  useEffect(() => firstField.current?.focus(), []);

  function submit(e: FormEvent) {
    e.preventDefault();
    void run(
      async () => {
        const { updated } = await api.createRule(input);
        onSaved(updated);
      },
      (message) => `The rule was not saved: ${message}`,
    );
  }

  return (
    <form className="form-grid" onSubmit={submit} aria-label="New rule">
      <label>
        When the
        <select ref={firstField} value={field} onChange={(e) => edit(setField)(e.target.value as typeof field)}>
          <option value="merchant">merchant</option>
          <option value="description">description</option>
        </select>
      </label>
      <label>
        Match
        <select value={op} onChange={(e) => edit(setOp)(e.target.value as typeof op)}>
          <option value="contains">contains</option>
          <option value="equals">equals</option>
        </select>
      </label>
      <label>
        Text to match
        <input required maxLength={200} value={value} onChange={(e) => edit(setValue)(e.target.value)} />
      </label>
      <label>
        Set category
        <select required value={categoryId} onChange={(e) => edit(setCategoryId)(e.target.value)}>
          <CategoryOptions categories={categories} selected={categoryId} />
        </select>
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={applyToExisting} onChange={(e) => setApplyToExisting(e.target.checked)} />
        Also apply to existing transactions
      </label>
      <div className="row">
        <button type="button" className="btn" onClick={runPreview} disabled={previewing.busy || !value.trim() || !categoryId}>
          {previewing.busy ? 'Previewing…' : 'Preview changes'}
        </button>
      </div>
      {preview && <Preview preview={preview} />}
      <FormError message={error ?? previewing.error} />
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
