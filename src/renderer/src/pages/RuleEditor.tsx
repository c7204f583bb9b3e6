import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ApiInput } from '../../../shared/contract';
import type { AccountDTO, CategoryDTO, RuleDTO, RulePreviewDTO } from '../../../shared/dto';
import { decimalToMinor, minorToDecimal } from '../../../shared/money';
import { useApi } from '../api/context';
import { AccountOptions } from '../components/AccountOptions';
import { CategoryOptions } from '../components/CategoryOptions';
import { DialogFormFooter } from '../components/Dialog';
import { FormError } from '../components/feedback';
import { Money } from '../components/Money';
import { formatDay } from '../lib/dates';
import { useAction } from '../lib/use-action';

export type RuleInput = ApiInput<'createRule'>;

interface RuleFormState {
  field: '' | 'merchant' | 'description';
  op: 'contains' | 'equals';
  value: string;
  min: string;
  max: string;
  currency: string;
  accountId: string;
  bankTxCode: string;
  categoryId: string;
  payeeName: string;
  markTransfer: boolean;
  enabled: boolean;
  applyToExisting: boolean;
}

function initialState(rule: RuleDTO | null, currency: string): RuleFormState {
  const c = rule?.amountCurrency ?? currency;
  return {
    field: rule ? (rule.field ?? '') : 'merchant',
    op: rule?.op ?? 'contains',
    value: rule?.value ?? '',
    min: rule?.minAmountMinor == null ? '' : minorToDecimal(rule.minAmountMinor, c),
    max: rule?.maxAmountMinor == null ? '' : minorToDecimal(rule.maxAmountMinor, c),
    currency: c,
    accountId: rule?.accountId ?? '',
    bankTxCode: rule?.bankTxCode ?? '',
    categoryId: rule?.categoryId ?? '',
    payeeName: rule?.payeeName ?? '',
    markTransfer: rule?.markTransfer ?? false,
    enabled: rule?.enabled ?? true,
    applyToExisting: true,
  };
}

/** The form as the contract's rule input; a typed amount that is not a number is said in words. */
function toInput(f: RuleFormState): { input: RuleInput } | { problem: string } {
  const size = (text: string, what: string): number | undefined | string => {
    if (text.trim() === '') return undefined;
    try {
      return Math.abs(decimalToMinor(text, f.currency));
    } catch {
      return `The ${what} amount “${text}” is not a number. Type it like 12.50.`;
    }
  };
  const min = size(f.min, 'smallest');
  const max = size(f.max, 'largest');
  if (typeof min === 'string') return { problem: min };
  if (typeof max === 'string') return { problem: max };
  const hasAmount = min !== undefined || max !== undefined;
  return {
    input: {
      ...(f.field && f.value.trim() && { field: f.field, op: f.op, value: f.value.trim() }),
      ...(min !== undefined && { minAmountMinor: min }),
      ...(max !== undefined && { maxAmountMinor: max }),
      ...(hasAmount && { amountCurrency: f.currency }),
      ...(f.accountId && { accountId: f.accountId }),
      ...(f.bankTxCode.trim() && { bankTxCode: f.bankTxCode.trim() }),
      ...(f.categoryId && !f.markTransfer && { categoryId: f.categoryId }),
      ...(f.payeeName.trim() && { payeeName: f.payeeName.trim() }),
      markTransfer: f.markTransfer,
      enabled: f.enabled,
      applyToExisting: f.applyToExisting,
    },
  };
}

/** A stored rule as the contract's input (to preview it as it is). */
export function ruleInputOf(rule: RuleDTO): RuleInput {
  return {
    ...(rule.field && rule.value !== null && { field: rule.field, op: rule.op ?? 'contains', value: rule.value }),
    ...(rule.minAmountMinor !== null && { minAmountMinor: rule.minAmountMinor }),
    ...(rule.maxAmountMinor !== null && { maxAmountMinor: rule.maxAmountMinor }),
    ...(rule.amountCurrency !== null && { amountCurrency: rule.amountCurrency }),
    ...(rule.accountId !== null && { accountId: rule.accountId }),
    ...(rule.bankTxCode !== null && { bankTxCode: rule.bankTxCode }),
    ...(rule.categoryId !== null && !rule.markTransfer && { categoryId: rule.categoryId }),
    ...(rule.payeeName !== null && { payeeName: rule.payeeName }),
    markTransfer: rule.markTransfer,
    enabled: rule.enabled,
  };
}

export function Preview({ preview }: { preview: RulePreviewDTO }) {
  return (
    <section className="rule-preview" aria-label="Preview" aria-live="polite">
      <p>
        Matches <strong>{preview.matches.toLocaleString()}</strong> transaction{preview.matches === 1 ? '' : 's'}; saving and applying it changes{' '}
        <strong>{preview.changes.toLocaleString()}</strong>
        {preview.rows.length > 0 && preview.changes > preview.rows.length ? ` (the newest ${preview.rows.length} below)` : ''}. Categories you chose by hand are kept.
      </p>
      {preview.rows.length > 0 && (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Transaction</th>
              <th scope="col">Change</th>
              <th scope="col" className="num">
                Amount
              </th>
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((r) => (
              <tr key={r.transaction.id}>
                <td>{formatDay(r.transaction.bookingDate)}</td>
                <td>{r.transaction.merchant ?? r.transaction.description}</td>
                <td>
                  {r.fromCategoryName === r.toCategoryName
                    ? `stays ${r.toCategoryName ?? 'Uncategorised'}`
                    : `${r.fromCategoryName ?? 'Uncategorised'} → ${r.toCategoryName ?? 'Uncategorised'}`}
                  {r.payeeName && <span className="muted"> · shown as “{r.payeeName}”</span>}
                </td>
                <td className="num">
                  <Money minor={r.transaction.amountMinor} currency={r.transaction.currency} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** A rule's conditions and actions, with a preview of what it would change before it is saved. */
export function RuleEditor({
  rule,
  categories,
  accounts,
  onSaved,
  onCancel,
}: {
  rule: RuleDTO | null;
  categories: CategoryDTO[];
  accounts: AccountDTO[];
  onSaved: (updated: number) => void;
  onCancel: () => void;
}) {
  const api = useApi();
  const [form, setForm] = useState(() => initialState(rule, accounts[0]?.currency ?? 'GBP'));
  const [preview, setPreview] = useState<RulePreviewDTO | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const save = useAction();
  const previewing = useAction();
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);
  const set = <K extends keyof RuleFormState>(k: K, v: RuleFormState[K]) => {
    setForm((f) => ({ ...f, [k]: v }));
    setPreview(null);
  };
  const currencies = [...new Set([...accounts.map((a) => a.currency), form.currency])].sort();

  function checked(): RuleInput | null {
    const result = toInput(form);
    setProblem('problem' in result ? result.problem : null);
    return 'input' in result ? result.input : null;
  }

  function runPreview() {
    const input = checked();
    if (!input) return;
    void previewing.run(
      async () => setPreview(await api.previewRule({ rule: input, ...(rule && { ruleId: rule.id }), limit: 10 })),
      (message) => `No preview: ${message}`,
    );
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const input = checked();
    if (!input) return;
    void save.run(
      async () => {
        const { updated } = rule ? await api.updateRule({ ruleId: rule.id, ...input }) : await api.createRule(input);
        onSaved(updated);
      },
      (message) => `The rule was not saved: ${message}`,
    );
  }

  return (
    <form className="form-grid rule-editor" onSubmit={submit} aria-label={rule ? 'Edit rule' : 'New rule'}>
      <fieldset>
        <legend>When a transaction… (every condition you fill in must hold)</legend>
        <div className="row">
          <label>
            Text in the
            <select ref={first} value={form.field} onChange={(e) => set('field', e.target.value as RuleFormState['field'])}>
              <option value="">(no text condition)</option>
              <option value="merchant">merchant</option>
              <option value="description">description</option>
            </select>
          </label>
          <label>
            Match
            <select value={form.op} disabled={!form.field} onChange={(e) => set('op', e.target.value as RuleFormState['op'])}>
              <option value="contains">contains</option>
              <option value="equals">equals</option>
            </select>
          </label>
          <label>
            Text
            <input maxLength={200} disabled={!form.field} value={form.value} onChange={(e) => set('value', e.target.value)} />
          </label>
        </div>
        <div className="row">
          <label>
            Amount at least
            <input inputMode="decimal" value={form.min} onChange={(e) => set('min', e.target.value)} placeholder="any" />
          </label>
          <label>
            Amount at most
            <input inputMode="decimal" value={form.max} onChange={(e) => set('max', e.target.value)} placeholder="any" />
          </label>
          <label>
            Currency
            <select value={form.currency} onChange={(e) => set('currency', e.target.value)}>
              {currencies.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </label>
        </div>
        <p className="small muted">Amounts are sizes: money in or out of that size matches.</p>
        <div className="row">
          <label>
            Account
            <select value={form.accountId} onChange={(e) => set('accountId', e.target.value)}>
              <option value="">Any account</option>
              <AccountOptions accounts={accounts} />
            </select>
          </label>
          <label>
            Bank transaction code
            <input maxLength={100} value={form.bankTxCode} onChange={(e) => set('bankTxCode', e.target.value)} placeholder="e.g. DD" />
          </label>
        </div>
      </fieldset>
      <fieldset>
        <legend>…then</legend>
        <label>
          Set category
          <select value={form.categoryId} disabled={form.markTransfer} onChange={(e) => set('categoryId', e.target.value)}>
            <option value="">(leave the category)</option>
            <CategoryOptions categories={categories} selected={form.categoryId} />
          </select>
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={form.markTransfer} onChange={(e) => set('markTransfer', e.target.checked)} />
          Mark as transfer (neither income nor spending)
        </label>
        <label>
          Show the payee as
          <input maxLength={200} value={form.payeeName} onChange={(e) => set('payeeName', e.target.value)} placeholder="(keep the bank’s name)" />
        </label>
      </fieldset>
      <label className="checkbox">
        <input type="checkbox" checked={form.enabled} onChange={(e) => set('enabled', e.target.checked)} />
        Rule is on
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={form.applyToExisting} onChange={(e) => set('applyToExisting', e.target.checked)} />
        Also apply to past transactions
      </label>
      <div className="row">
        <button type="button" className="btn" onClick={runPreview} disabled={previewing.busy}>
          {previewing.busy ? 'Previewing…' : 'Preview changes'}
        </button>
      </div>
      <FormError message={problem ?? previewing.error} />
      {preview && <Preview preview={preview} />}
      <DialogFormFooter error={save.error} submitLabel={save.busy ? 'Saving…' : 'Save rule'} disabled={save.busy} onCancel={onCancel} />
    </form>
  );
}
