/**
 * Settings → Currency: the home currency every total is shown in, where the exchange rates come from (ECB
 * euro reference rates, as of which day, and why they could not be updated), "Update rates", and the
 * user's own manual rates, which win over the ECB's from their day on.
 */
import { useId, useState, type FormEvent } from 'react';
import type { CurrencySettingsDTO } from '../../../shared/dto';
import { useApi, useQuery } from '../api/context';
import { ErrorMessage, FormError, Skeleton } from '../components/feedback';
import { currencyLabel, currencyOptions } from '../lib/currencies';
import { formatDateTime, formatDay, isoDate } from '../lib/dates';
import { useAction } from '../lib/use-action';

const SOURCE_WORDS: Record<CurrencySettingsDTO['rates']['source'], string> = {
  ecb: 'ECB euro reference rates',
  manual: 'Your manual rates',
  none: 'No rates yet',
};

function ManualRateForm({ settings, home, onSaved }: { settings: CurrencySettingsDTO; home: string; onSaved: (s: CurrencySettingsDTO) => void }) {
  const api = useApi();
  const choices = currencyOptions(settings.currenciesInUse).filter((c) => c !== home);
  const firstForeign = settings.currenciesInUse.find((c) => c !== home) ?? choices[0];
  const [currency, setCurrency] = useState(firstForeign);
  const [rate, setRate] = useState('');
  const [day, setDay] = useState(isoDate(new Date()));
  const { busy, error, run } = useAction();
  const hintId = useId();
  const value = Number(rate);
  const valid = rate.trim() !== '' && Number.isFinite(value) && value > 0;
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!valid) return;
    void run(
      async () => {
        onSaved(await api.setManualRate({ currency, homePerUnit: value, day }));
        setRate('');
      },
      (m) => `Could not save the ${currency} rate: ${m}`,
    );
  }
  return (
    <form className="form-grid manual-rate-form" onSubmit={submit} aria-label="Add a manual rate">
      <div className="row">
        <label>
          Currency
          <select value={currency} onChange={(e) => setCurrency(e.target.value)}>
            {choices.map((c) => (
              <option key={c} value={c}>
                {currencyLabel(c)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {`Value of 1 ${currency} in ${home}`}
          <input inputMode="decimal" required value={rate} placeholder="0.79" aria-describedby={hintId} onChange={(e) => setRate(e.target.value)} />
        </label>
        <label>
          From
          <input type="date" required value={day} max={isoDate(new Date())} onChange={(e) => setDay(e.target.value)} />
        </label>
      </div>
      <p className="hint" id={hintId}>
        A manual rate is used instead of the ECB's from its day on, and where the ECB publishes no rate for a currency.
      </p>
      {rate.trim() !== '' && !valid && (
        <p role="alert" className="error-text">
          Enter the rate as a number above 0, like 0.79.
        </p>
      )}
      <FormError message={error} />
      <div className="row">
        <button type="submit" className="btn" disabled={busy || !valid} aria-busy={busy || undefined}>
          {busy ? 'Adding…' : 'Add rate'}
        </button>
      </div>
    </form>
  );
}

export function CurrencySettings() {
  const api = useApi();
  const query = useQuery((a) => a.getCurrencySettings(), 'currency-settings', { reloadOn: ['data-changed'] });
  // the answer of the last change, until the query reloads (a data-changed event) with something newer
  const [saved, setSavedState] = useState<{ over: CurrencySettingsDTO | undefined; value: CurrencySettingsDTO } | null>(null);
  const setSaved = (value: CurrencySettingsDTO) => setSavedState({ over: query.data, value });
  const [status, setStatus] = useState<string | null>(null);
  const home = useAction();
  const refresh = useAction();
  const remove = useAction();
  const settings = saved && saved.over === query.data ? saved.value : query.data;
  const homeCurrency = settings?.homeCurrency ?? settings?.currenciesInUse[0] ?? 'GBP';

  function changeHome(code: string) {
    setStatus(null);
    void home.run(
      async () => {
        setSaved(await api.setHomeCurrency({ currency: code }));
        setStatus(`Home currency saved: totals and net worth are now shown in ${code}.`);
      },
      (m) => `Could not change the home currency to ${code}: ${m}`,
    );
  }
  function updateRates() {
    setStatus(null);
    void refresh.run(
      async () => {
        const next = await api.refreshRates();
        setSaved(next);
        if (!next.rates.problem) setStatus(`Exchange rates updated: rates from ${next.rates.asOf ? formatDay(next.rates.asOf) : 'no day'}.`);
      },
      (m) => `Could not update the exchange rates: ${m}`,
    );
  }
  function deleteRate(currency: string, day: string) {
    setStatus(null);
    void remove.run(
      async () => {
        setSaved(await api.deleteManualRate({ currency, day }));
        setStatus(`The manual ${currency} rate from ${formatDay(day)} was deleted.`);
      },
      (m) => `Could not delete the ${currency} rate: ${m}`,
    );
  }

  return (
    <section className="card currency-settings" aria-labelledby="settings-currency">
      <h2 id="settings-currency">Currency</h2>
      {query.error && !settings && <ErrorMessage title="Could not read the currency settings" message={query.error} onRetry={query.reload} />}
      {!settings && !query.error && <Skeleton height={160} label="Loading currency settings" />}
      {settings && (
        <>
          <label className="stacked">
            Home currency
            <select value={homeCurrency} disabled={home.busy} onChange={(e) => changeHome(e.target.value)} aria-describedby="home-currency-hint">
              {currencyOptions([...settings.currenciesInUse, homeCurrency]).map((c) => (
                <option key={c} value={c}>
                  {currencyLabel(c)}
                </option>
              ))}
            </select>
          </label>
          <p className="hint" id="home-currency-hint">
            Totals and net worth are shown in this currency; balances in other currencies are converted at the day's exchange rate.
            {settings.homeCurrency === null && ' Not chosen yet: MyBucks uses the currency most of your accounts are in.'}
          </p>
          <FormError message={home.error} />

          <h3 className="small-heading">Exchange rates</h3>
          <dl className="details">
            <dt>Source</dt>
            <dd>{SOURCE_WORDS[settings.rates.source]}</dd>
            <dt>Rates as of</dt>
            <dd>{settings.rates.asOf ? formatDay(settings.rates.asOf) : 'No rates yet'}</dd>
            <dt>Last updated</dt>
            <dd>{settings.rates.fetchedAt ? formatDateTime(settings.rates.fetchedAt) : 'Never'}</dd>
          </dl>
          {settings.rates.problem && (
            <p className="warning" role="alert">
              {settings.rates.problem}
            </p>
          )}
          <div className="row">
            <button type="button" className="btn" onClick={updateRates} disabled={refresh.busy} aria-busy={refresh.busy || undefined}>
              {refresh.busy ? 'Updating rates…' : 'Update rates'}
            </button>
          </div>
          <FormError message={refresh.error} />

          <h3 className="small-heading">Manual rates</h3>
          {settings.manualRates.length === 0 ? (
            <p className="hint">No manual rates. Add one for a currency the ECB does not publish, or to use your own rate.</p>
          ) : (
            <table className="data-table manual-rates">
              <caption className="visually-hidden">Manual exchange rates</caption>
              <thead>
                <tr>
                  <th scope="col">Currency</th>
                  <th scope="col">Rate</th>
                  <th scope="col">From</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {settings.manualRates.map((r) => (
                  <tr key={`${r.currency}-${r.day}`}>
                    <td>{r.currency}</td>
                    <td>{`1 ${r.currency} = ${r.homePerUnit.toLocaleString(undefined, { maximumFractionDigits: 6 })} ${homeCurrency}`}</td>
                    <td>{formatDay(r.day)}</td>
                    <td>
                      <button
                        type="button"
                        className="btn"
                        disabled={remove.busy}
                        aria-label={`Delete the ${r.currency} rate from ${formatDay(r.day)}`}
                        onClick={() => deleteRate(r.currency, r.day)}
                      >
                        Delete
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <FormError message={remove.error} />
          <ManualRateForm
            settings={settings}
            home={homeCurrency}
            onSaved={(s) => {
              setSaved(s);
              setStatus('Manual rate saved.');
            }}
          />
          <p role="status" className="muted">
            {status}
          </p>
        </>
      )}
    </section>
  );
}
