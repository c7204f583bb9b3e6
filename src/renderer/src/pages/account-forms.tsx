/** The dialogs that manage accounts: edit (name, group, hidden, closed), add a manual account, update its balance. */
import { useState, type FormEvent } from 'react';
import type { AccountDTO, AccountGroup } from '../../../shared/dto';
import { decimalToMinor, minorToDecimal } from '../../../shared/money';
import { useApi } from '../api/context';
import { Dialog, DialogFormFooter } from '../components/Dialog';
import { isoDate } from '../lib/dates';
import { useAction } from '../lib/use-action';

export const GROUPS: { id: AccountGroup; label: string }[] = [
  { id: 'cash', label: 'Cash' },
  { id: 'savings', label: 'Savings' },
  { id: 'credit', label: 'Credit cards' },
  { id: 'loans', label: 'Loans' },
  { id: 'investments', label: 'Investments' },
  { id: 'property', label: 'Property' },
  { id: 'other', label: 'Other' },
];

export const accountName = (a: AccountDTO) => a.displayName ?? a.name;

/** The amount typed, in minor units, or a message saying what is wrong with it. */
export function parseAmount(text: string, currency: string): { minor: number } | { problem: string } {
  const cleaned = text.replace(/[,\s]/g, '');
  try {
    return { minor: decimalToMinor(cleaned, currency) };
  } catch {
    return { problem: `“${text}” is not an amount. Type the balance as a number, like 1250.00 (a minus sign for money owed).` };
  }
}

function GroupSelect({ value, onChange }: { value: AccountGroup; onChange: (g: AccountGroup) => void }) {
  return (
    <label>
      Group
      <select value={value} onChange={(e) => onChange(e.target.value as AccountGroup)}>
        {GROUPS.map((g) => (
          <option key={g.id} value={g.id}>
            {g.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function EditAccountDialog({ account, onClose, onSaved }: { account: AccountDTO; onClose: () => void; onSaved: () => void }) {
  const api = useApi();
  const { busy, error, run } = useAction();
  const [name, setName] = useState(accountName(account));
  const [group, setGroup] = useState<AccountGroup>(account.group);
  const [hidden, setHidden] = useState(account.hidden);
  const [closed, setClosed] = useState(account.closedAt !== null);

  function save(patch: { displayName?: string | null }) {
    void run(
      async () => {
        await api.updateAccount({
          accountId: account.id,
          ...patch,
          ...(group !== account.group && { group }),
          ...(hidden !== account.hidden && { hidden }),
          ...(closed !== (account.closedAt !== null) && { closed }),
        });
        onSaved();
      },
      (message) => `${accountName(account)} was not changed: ${message}`,
    );
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const trimmed = name.trim();
    save(trimmed === accountName(account) ? {} : { displayName: trimmed });
  }

  return (
    <Dialog title={`Edit ${accountName(account)}`} onClose={onClose}>
      <form className="form-grid" onSubmit={submit} aria-label={`Edit ${accountName(account)}`}>
        <label>
          Name
          <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        {!account.manual && account.displayName && (
          <p className="muted">
            {account.providerName} calls it “{account.name}”.{' '}
            <button type="button" className="btn" disabled={busy} onClick={() => save({ displayName: null })}>
              Use {account.providerName}'s name
            </button>
          </p>
        )}
        <GroupSelect value={group} onChange={setGroup} />
        <label className="checkbox">
          <input type="checkbox" checked={hidden} onChange={(e) => setHidden(e.target.checked)} />
          Hide from the dashboard's list of balances (it still counts in totals and net worth)
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={closed} onChange={(e) => setClosed(e.target.checked)} />
          The account is closed
        </label>
        <DialogFormFooter error={error} submitLabel="Save" disabled={busy || !name.trim()} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

export function AddManualAccountDialog({ defaultCurrency, onClose, onSaved }: { defaultCurrency: string; onClose: () => void; onSaved: () => void }) {
  const api = useApi();
  const { busy, error, run } = useAction();
  const [name, setName] = useState('');
  const [group, setGroup] = useState<AccountGroup>('cash');
  const [currency, setCurrency] = useState(defaultCurrency);
  const [balance, setBalance] = useState('');
  const [day, setDay] = useState(isoDate(new Date()));
  const [problem, setProblem] = useState<string | null>(null);

  function submit(e: FormEvent) {
    e.preventDefault();
    const code = currency.trim().toUpperCase();
    if (!/^[A-Z]{3}$/.test(code)) {
      setProblem(`“${currency}” is not a currency code. Type the three letters of an ISO 4217 code, like GBP, EUR or USD.`);
      return;
    }
    const amount = parseAmount(balance, code);
    if ('problem' in amount) {
      setProblem(amount.problem);
      return;
    }
    setProblem(null);
    void run(
      async () => {
        await api.createManualAccount({ name: name.trim(), group, currency: code, balanceMinor: amount.minor, day });
        onSaved();
      },
      (message) => `The account “${name.trim()}” was not added: ${message}`,
    );
  }

  return (
    <Dialog title="Add a manual account" onClose={onClose}>
      <form className="form-grid" onSubmit={submit} aria-label="Add a manual account">
        <p className="muted">For money no bank reports to MyBucks: cash, a house, a loan from family. You enter its balance yourself.</p>
        <label>
          Name
          <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <GroupSelect value={group} onChange={setGroup} />
        <label>
          Currency
          <input required maxLength={3} value={currency} onChange={(e) => setCurrency(e.target.value)} autoCapitalize="characters" />
        </label>
        <label>
          Balance
          <input required inputMode="decimal" value={balance} onChange={(e) => setBalance(e.target.value)} />
        </label>
        <label>
          On
          <input type="date" required value={day} max={isoDate(new Date())} onChange={(e) => setDay(e.target.value)} />
        </label>
        <DialogFormFooter error={problem ?? error} submitLabel="Add account" disabled={busy || !name.trim() || !balance.trim()} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

export function UpdateBalanceDialog({ account, onClose, onSaved }: { account: AccountDTO; onClose: () => void; onSaved: () => void }) {
  const api = useApi();
  const { busy, error, run } = useAction();
  const [balance, setBalance] = useState(account.balanceMinor === null ? '' : minorToDecimal(account.balanceMinor, account.currency));
  const [day, setDay] = useState(isoDate(new Date()));
  const [problem, setProblem] = useState<string | null>(null);

  function submit(e: FormEvent) {
    e.preventDefault();
    const amount = parseAmount(balance, account.currency);
    if ('problem' in amount) {
      setProblem(amount.problem);
      return;
    }
    setProblem(null);
    void run(
      async () => {
        await api.setManualBalance({ accountId: account.id, balanceMinor: amount.minor, day });
        onSaved();
      },
      (message) => `The balance of ${accountName(account)} was not updated: ${message}`,
    );
  }

  return (
    <Dialog title={`Update the balance of ${accountName(account)}`} onClose={onClose}>
      <form className="form-grid" onSubmit={submit} aria-label={`Update the balance of ${accountName(account)}`}>
        <label>
          Balance ({account.currency})
          <input required inputMode="decimal" value={balance} onChange={(e) => setBalance(e.target.value)} />
        </label>
        <label>
          On
          <input type="date" required value={day} max={isoDate(new Date())} onChange={(e) => setDay(e.target.value)} />
        </label>
        <DialogFormFooter error={problem ?? error} submitLabel="Save balance" disabled={busy || !balance.trim()} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
