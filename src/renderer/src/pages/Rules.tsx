import { useEffect, useRef, useState } from 'react';
import type { AccountDTO, CategoryDTO, RuleDTO, RulePreviewDTO } from '../../../shared/dto';
import { useApi, useQuery } from '../api/context';
import { Dialog } from '../components/Dialog';
import { EmptyState, ErrorMessage, Skeleton } from '../components/feedback';
import { formatMoney } from '../lib/money';
import { useAction } from '../lib/use-action';
import { Preview, RuleEditor, ruleInputOf } from './RuleEditor';

/** "merchant contains “tesco” · amount £5.00 to £20.00 · account Everyday · bank code DD" */
export function ruleConditions(rule: RuleDTO, accounts: AccountDTO[]): string {
  const parts: string[] = [];
  if (rule.field && rule.value !== null) parts.push(`${rule.field} ${rule.op ?? 'contains'} “${rule.value}”`);
  if (rule.amountCurrency) {
    const money = (m: number) => formatMoney(m, rule.amountCurrency!);
    if (rule.minAmountMinor !== null && rule.maxAmountMinor !== null) parts.push(`amount ${money(rule.minAmountMinor)} to ${money(rule.maxAmountMinor)}`);
    else if (rule.minAmountMinor !== null) parts.push(`amount at least ${money(rule.minAmountMinor)}`);
    else if (rule.maxAmountMinor !== null) parts.push(`amount at most ${money(rule.maxAmountMinor)}`);
  }
  if (rule.accountId) {
    const a = accounts.find((x) => x.id === rule.accountId);
    parts.push(`account ${a ? `${a.providerName} · ${a.name}` : '(removed)'}`);
  }
  if (rule.bankTxCode) parts.push(`bank code ${rule.bankTxCode}`);
  return parts.join(' · ');
}

/** "category Groceries · shown as “Tesco”" */
export function ruleActions(rule: RuleDTO, categories: CategoryDTO[]): string {
  const parts: string[] = [];
  if (rule.markTransfer) parts.push('mark as transfer');
  else if (rule.categoryId) parts.push(`category ${categories.find((c) => c.id === rule.categoryId)?.name ?? rule.categoryId}`);
  if (rule.payeeName) parts.push(`show payee as “${rule.payeeName}”`);
  return parts.join(' · ');
}

type Editing = { rule: RuleDTO | null } | null;

export function Rules() {
  const api = useApi();
  const rules = useQuery((a) => a.listRules(), 'rules', { reloadOn: ['data-changed'] });
  const counts = useQuery((a) => a.ruleMatchCounts(), 'rule-counts', { reloadOn: ['data-changed'] });
  const categories = useQuery((a) => a.listCategories(), 'categories');
  const accounts = useQuery((a) => a.listAccounts(), 'accounts');
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<RuleDTO | null>(null);
  const [applying, setApplying] = useState<{ rule: RuleDTO; preview: RulePreviewDTO | null } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const action = useAction();
  const list = rules.data ?? [];
  // after a move the list re-renders: focus follows the rule's button, so the keyboard can keep moving it
  const focusAfter = useRef<{ id: string; dir: 'up' | 'down' } | null>(null);
  useEffect(() => {
    const f = focusAfter.current;
    if (!f) return;
    const button = document.getElementById(`rule-${f.id}-${f.dir}`) as HTMLButtonElement | null;
    const other = document.getElementById(`rule-${f.id}-${f.dir === 'up' ? 'down' : 'up'}`) as HTMLButtonElement | null;
    (button && !button.disabled ? button : other)?.focus();
    focusAfter.current = null;
  }, [rules.data]);

  function reloadAll() {
    rules.reload();
    counts.reload();
  }
  const changed = (n: number) => `${n.toLocaleString()} transaction${n === 1 ? '' : 's'} re-categorised`;

  function move(index: number, dir: 'up' | 'down') {
    const ids = list.map((r) => r.id);
    const to = dir === 'up' ? index - 1 : index + 1;
    [ids[index], ids[to]] = [ids[to], ids[index]];
    focusAfter.current = { id: list[index].id, dir };
    void action.run(
      async () => {
        const { updated } = await api.reorderRules({ ruleIds: ids });
        setNotice(`Rule moved to position ${to + 1}. ${changed(updated)}.`);
        reloadAll();
      },
      (message) => `The rule was not moved: ${message}`,
    );
  }

  function setEnabled(rule: RuleDTO, enabled: boolean) {
    void action.run(
      async () => {
        const { updated } = await api.setRuleEnabled({ ruleId: rule.id, enabled });
        setNotice(`Rule switched ${enabled ? 'on' : 'off'}. ${changed(updated)}.`);
        reloadAll();
      },
      (message) => `The rule was not switched ${enabled ? 'on' : 'off'}: ${message}`,
    );
  }

  /** "Apply to past" first shows what would change. */
  function askToApply(rule: RuleDTO) {
    setApplying({ rule, preview: null });
    void action.run(
      async () => {
        const preview = await api.previewRule({ rule: ruleInputOf(rule), ruleId: rule.id, limit: 10 });
        setApplying((a) => (a?.rule.id === rule.id ? { rule, preview } : a));
      },
      (message) => `No preview: ${message}`,
    );
  }

  function apply(rule: RuleDTO) {
    void action.run(
      async () => {
        const { updated } = await api.applyRule({ ruleId: rule.id });
        setApplying(null);
        setNotice(`Applied to past transactions: ${changed(updated)}.`);
        reloadAll();
      },
      (message) => `The rule was not applied: ${message}`,
    );
  }

  function remove(rule: RuleDTO) {
    void action.run(
      async () => {
        await api.deleteRule({ ruleId: rule.id });
        setDeleting(null);
        setNotice('Rule deleted. The transactions it matched follow your other rules now.');
        reloadAll();
      },
      (message) => `The rule was not deleted: ${message}`,
    );
  }

  const cats = categories.data ?? [];
  const accs = accounts.data ?? [];

  return (
    <div className="page narrow catrules-page">
      <div className="page-head">
        <h1>Rules</h1>
        <div className="page-tools">
          <button type="button" className="btn primary" onClick={() => setEditing({ rule: null })}>
            New rule
          </button>
        </div>
      </div>
      <p className="muted">
        Rules are tried from the top; for the category, the first rule that matches decides. Categories you chose by hand are never changed by a rule.
      </p>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {action.error && !deleting && !applying && (
        <p role="alert" className="error-text">
          {action.error}
        </p>
      )}
      {rules.error && !rules.data && <ErrorMessage title="Could not load your rules" message={rules.error} onRetry={rules.reload} />}
      {!rules.data && !rules.error && <Skeleton height={240} label="Loading rules" />}
      {rules.data && list.length === 0 && (
        <EmptyState title="No rules yet">
          Make one here with <strong>New rule</strong>, or from a transaction: open it in the list and choose <strong>Create rule from this transaction</strong>.
        </EmptyState>
      )}
      {list.length > 0 && (
        <ol className="rule-list" aria-label="Rules, in the order they are tried">
          {list.map((rule, i) => {
            const matches = counts.data?.find((c) => c.ruleId === rule.id)?.matches;
            const name = `rule ${i + 1}`;
            return (
              <li key={rule.id} className={`card rule-item${rule.enabled ? '' : ' is-off'}`} aria-label={`Rule ${i + 1}`}>
                <span className="rule-number" aria-hidden="true">
                  {i + 1}
                </span>
                <div className="rule-text">
                  <p>
                    <span className="muted">When </span>
                    {ruleConditions(rule, accs)}
                  </p>
                  <p>
                    <span className="muted">then </span>
                    {ruleActions(rule, cats)}
                  </p>
                  <p className="small muted" data-testid="rule-matches">
                    {matches === undefined ? 'Counting matches…' : `Matches ${matches.toLocaleString()} transaction${matches === 1 ? '' : 's'}`}
                    {!rule.enabled && ' · off'}
                  </p>
                </div>
                <div className="rule-tools">
                  <label className="checkbox">
                    <input
                      type="checkbox"
                      checked={rule.enabled}
                      disabled={action.busy}
                      aria-label={`Rule ${i + 1} is on`}
                      onChange={(e) => setEnabled(rule, e.target.checked)}
                    />
                    On
                  </label>
                  <button type="button" id={`rule-${rule.id}-up`} className="btn small" aria-label={`Move ${name} up`} disabled={i === 0 || action.busy} onClick={() => move(i, 'up')}>
                    ↑
                  </button>
                  <button
                    type="button"
                    id={`rule-${rule.id}-down`}
                    className="btn small"
                    aria-label={`Move ${name} down`}
                    disabled={i === list.length - 1 || action.busy}
                    onClick={() => move(i, 'down')}
                  >
                    ↓
                  </button>
                  <button type="button" className="btn small" aria-label={`Edit ${name}`} onClick={() => setEditing({ rule })}>
                    Edit
                  </button>
                  <button type="button" className="btn small" aria-label={`Apply ${name} to past transactions`} disabled={!rule.enabled || action.busy} onClick={() => askToApply(rule)}>
                    Apply to past
                  </button>
                  <button type="button" className="btn small danger-outline" aria-label={`Delete ${name}`} onClick={() => setDeleting(rule)}>
                    Delete
                  </button>
                </div>
              </li>
            );
          })}
        </ol>
      )}
      {editing && (
        <Dialog title={editing.rule ? 'Edit rule' : 'New rule'} onClose={() => setEditing(null)}>
          <RuleEditor
            rule={editing.rule}
            categories={cats}
            accounts={accs}
            onCancel={() => setEditing(null)}
            onSaved={(updated) => {
              setEditing(null);
              setNotice(`Rule saved. ${changed(updated)}.`);
              reloadAll();
            }}
          />
        </Dialog>
      )}
      {applying && (
        <Dialog title="Apply this rule to past transactions?" onClose={() => setApplying(null)}>
          <p>
            When {ruleConditions(applying.rule, accs)}, then {ruleActions(applying.rule, cats)}.
          </p>
          {applying.preview ? <Preview preview={applying.preview} /> : !action.error && <p className="muted">Working out what would change…</p>}
          {action.error && (
            <p role="alert" className="error-text">
              {action.error}
            </p>
          )}
          <div className="row">
            <button type="button" className="btn primary" disabled={action.busy || !applying.preview} onClick={() => apply(applying.rule)}>
              Apply to {applying.preview?.changes.toLocaleString() ?? '…'} transaction{applying.preview?.changes === 1 ? '' : 's'}
            </button>
            <button type="button" className="btn" onClick={() => setApplying(null)}>
              Cancel
            </button>
          </div>
        </Dialog>
      )}
      {deleting && (
        <Dialog title="Delete this rule?" onClose={() => setDeleting(null)}>
          <p>
            When {ruleConditions(deleting, accs)}, then {ruleActions(deleting, cats)}.
          </p>
          <p>The transactions it matched are categorised again by your other rules (choices you made by hand stay).</p>
          {action.error && (
            <p role="alert" className="error-text">
              {action.error}
            </p>
          )}
          <div className="row">
            <button type="button" className="btn danger" disabled={action.busy} onClick={() => remove(deleting)}>
              Delete rule
            </button>
            <button type="button" className="btn" onClick={() => setDeleting(null)}>
              Cancel
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}
