import { Fragment, useId, useRef, useState, type ComponentProps, type FormEvent, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import type { ProviderCheckDTO, ProviderDTO } from '../../../shared/dto';
import { useApi } from '../api/context';
import { useAction } from '../lib/use-action';
import { FormError } from '../components/feedback';

const HTTP_URL = 'https?://.+';
const PAR_WORDS: Record<ProviderCheckDTO['supports']['par'], string> = { required: 'Required', offered: 'Offered', no: 'No' };
const yesNo = (value: boolean) => (value ? 'Yes' : 'No');

/** The fields the user filled in, trimmed; empty ones left out. */
function filledIn<T extends Record<string, string>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).flatMap(([key, value]) => (value.trim() ? [[key, value.trim()]] : []))) as Partial<T>;
}

/** A labelled input with an optional hint below it, read out with the input. */
function Field({ label, hint, ...input }: { label: string; hint?: ReactNode } & ComponentProps<'input'>) {
  const hintId = useId();
  const describedBy = [hint ? hintId : null, input['aria-describedby']].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label>
        {label}
        <input {...input} aria-describedby={describedBy} />
      </label>
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
    </div>
  );
}

/** What the check found at the issuer, in plain words, and what the bank said is wrong. */
function CheckResult({ check, apiBase }: { check: ProviderCheckDTO; apiBase: string }) {
  const s = check.supports;
  const rows: [string, string][] = [
    ['Sign-in protection (PKCE S256)', yesNo(s.pkceS256)],
    ['Pushed authorization requests', PAR_WORDS[s.par]],
    ['DPoP-bound tokens', yesNo(s.dpop)],
    ['Issuer identification in responses', yesNo(s.iss)],
    ['MyBucks can register itself', yesNo(s.registration)],
    ['Revocation when you disconnect', yesNo(s.revocation)],
    ['API address MyBucks will use', apiBase],
  ];
  return (
    <section className="check-result" aria-label="Check result">
      <h3>What MyBucks found at {check.issuer}</h3>
      <dl className="details">
        {rows.map(([term, value]) => (
          <Fragment key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
      </dl>
      {check.problems.length > 0 && (
        <ul className="problems" aria-label="Warnings">
          {check.problems.map((problem) => (
            <li key={problem} className="warning">
              {problem}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * Add a bank that is not in the list by its issuer address: "Check" asks the bank what it supports,
 * then "Add bank" adds it and hands it to `onLink`. A bank that is already added is offered to `onLink` as it is.
 */
export function AddBankForm({ providers, onLink }: { providers: ProviderDTO[]; onLink: (provider: ProviderDTO) => void }) {
  const api = useApi();
  const [issuer, setIssuer] = useState('');
  const [name, setName] = useState('');
  const [clientId, setClientId] = useState('');
  const [clientSecret, setClientSecret] = useState('');
  const [apiBase, setApiBase] = useState('');
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const [check, setCheck] = useState<ProviderCheckDTO | null>(null);
  const { busy, error, run } = useAction();
  const clientIdRef = useRef<HTMLInputElement>(null);
  const clientIdNeededId = useId();

  const bankName = name.trim() || check?.suggestedName || 'This bank';
  const existing = check?.existingProviderId ? providers.find((p) => p.id === check.existingProviderId) : undefined;
  const needsClientId = check !== null && !check.existingProviderId && !check.supports.registration && !clientId.trim();

  function changeIssuer(value: string) {
    setIssuer(value);
    // the check and the API address it filled in belong to the old address
    if (check && apiBase === check.apiBase) setApiBase('');
    setCheck(null);
  }

  function runCheck() {
    return run(
      async () => {
        const found = await api.checkProvider({ issuer: issuer.trim() });
        setCheck(found);
        if (!apiBase.trim()) setApiBase(found.apiBase);
        if (!found.existingProviderId && !found.supports.registration && !clientId.trim()) setAdvancedOpen(true);
      },
      (message) => message,
    );
  }

  function add() {
    if (needsClientId) {
      // the field is inside "Advanced", which the user may have closed: open it before focusing
      flushSync(() => setAdvancedOpen(true));
      clientIdRef.current?.focus();
      return;
    }
    return run(
      async () => {
        const secret = clientId.trim() ? clientSecret : '';
        const provider = await api.addProvider({ issuer: issuer.trim(), ...filledIn({ displayName: name, clientId, clientSecret: secret, apiBase }) });
        onLink(provider);
      },
      (message) => message,
    );
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!check) void runCheck();
    else if (!check.existingProviderId) void add();
  }

  return (
    <details className="add-bank">
      <summary>Add a bank by its address</summary>
      <form className="form-grid" onSubmit={submit} aria-label="Add a bank by its address">
        <Field
          label="Issuer URL"
          hint="The address your bank gives for signing in apps (its OpenID issuer), e.g. https://bank.example/"
          type="url"
          required
          pattern={HTTP_URL}
          readOnly={busy}
          value={issuer}
          onChange={(e) => changeIssuer(e.target.value)}
          placeholder="https://bank.example/"
        />
        <Field label="Display name (optional)" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} placeholder={check?.suggestedName} />
        <details className="advanced" open={advancedOpen} onToggle={(e) => setAdvancedOpen(e.currentTarget.open)}>
          <summary>Advanced: details your bank gave you</summary>
          <div className="form-grid">
            {needsClientId && (
              <p id={clientIdNeededId} className="warning">
                {bankName} does not let MyBucks register itself, so it needs a client ID: register MyBucks in {bankName}'s developer portal and
                enter the client ID it gives you here.
              </p>
            )}
            <Field
              ref={clientIdRef}
              label="Client ID"
              hint="Only if your bank issued MyBucks a client ID, e.g. in its developer portal."
              value={clientId}
              maxLength={200}
              autoComplete="off"
              aria-invalid={needsClientId || undefined}
              aria-describedby={needsClientId ? clientIdNeededId : undefined}
              onChange={(e) => setClientId(e.target.value)}
            />
            <Field
              label="Client secret (optional)"
              hint="Some banks issue one to desktop apps. It is only used together with a client ID."
              type="password"
              value={clientSecret}
              maxLength={500}
              autoComplete="off"
              disabled={!clientId.trim()}
              onChange={(e) => setClientSecret(e.target.value)}
            />
            <Field
              label="API base URL"
              hint="Where MyBucks reads your accounts. Leave it empty to use the address the check finds."
              type="url"
              pattern={HTTP_URL}
              value={apiBase}
              onChange={(e) => setApiBase(e.target.value)}
            />
          </div>
        </details>
        {check && <CheckResult check={check} apiBase={apiBase.trim() || check.apiBase} />}
        {check?.existingProviderId && (
          <p role="status">
            {existing?.name ?? bankName} is already one of your banks. {existing ? 'You can link it now.' : 'Pick it in the list above to link it.'}
          </p>
        )}
        <FormError message={error} />
        <div className="row">
          {!check && (
            <button type="submit" className="btn" disabled={busy}>
              {busy ? 'Checking…' : 'Check'}
            </button>
          )}
          {check && !check.existingProviderId && (
            <button type="submit" className="btn primary" disabled={busy}>
              {busy ? 'Adding…' : 'Add bank'}
            </button>
          )}
          {existing && (
            <button type="button" className="btn primary" onClick={() => onLink(existing)}>
              Link {existing.name} now
            </button>
          )}
        </div>
      </form>
    </details>
  );
}
