import { useState } from 'react';
import { useApi, useQuery } from '../api/context';
import { FormError } from '../components/feedback';
import { currencyLabel, currencyOptions } from '../lib/currencies';
import { navigate } from '../lib/router';
import { useAction } from '../lib/use-action';

/** The first-run choice of home currency: every total is shown in it (default: the one most accounts use, else GBP). */
function HomeCurrencyChoice() {
  const api = useApi();
  const query = useQuery((a) => a.getCurrencySettings(), 'currency-settings');
  const [chosen, setChosen] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const settings = query.data;
  const value = chosen ?? settings?.homeCurrency ?? settings?.currenciesInUse[0] ?? 'GBP';

  function choose(code: string) {
    setChosen(code);
    void run(
      async () => {
        await api.setHomeCurrency({ currency: code });
        setSaved(code);
      },
      (m) => `Could not save ${code} as your home currency: ${m} You can choose it later in Settings → Currency.`,
    );
  }
  async function linkFirstBank() {
    // the default becomes the user's choice when they go on without changing it
    let ok = true;
    if (settings && settings.homeCurrency === null && saved === null) {
      ok = false;
      await run(
        async () => {
          await api.setHomeCurrency({ currency: value });
          setSaved(value);
          ok = true;
        },
        (m) => `Could not save ${value} as your home currency: ${m} Try again, or choose it later in Settings → Currency.`,
      );
    }
    if (ok) navigate('link');
  }

  return (
    <>
      <label className="stacked welcome-currency">
        Your home currency
        <select value={value} disabled={busy || !settings} onChange={(e) => choose(e.target.value)} aria-describedby="welcome-currency-hint">
          {currencyOptions(settings?.currenciesInUse ?? []).map((c) => (
            <option key={c} value={c}>
              {currencyLabel(c)}
            </option>
          ))}
        </select>
      </label>
      <p className="hint" id="welcome-currency-hint">
        Totals and your net worth are shown in it; accounts in other currencies are converted at the ECB's daily rates. You can change it later in Settings.
      </p>
      <p role="status" className="muted">
        {saved && `Home currency: ${saved}.`}
      </p>
      <FormError message={error} />
      <button type="button" className="btn primary large" onClick={() => void linkFirstBank()}>
        Link your first bank
      </button>
    </>
  );
}

export function Welcome() {
  return (
    <div className="page narrow welcome">
      <h1>Welcome to MyBucks</h1>
      <p className="lead">All your bank accounts in one dashboard.</p>
      <ul className="welcome-points">
        <li>You sign in at your bank, in your own browser. Your password never reaches MyBucks.</li>
        <li>MyBucks asks to read only your balances and transaction history, and nothing else.</li>
        <li>Your data stays on this computer.</li>
      </ul>
      <HomeCurrencyChoice />
    </div>
  );
}
