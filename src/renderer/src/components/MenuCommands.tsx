import { useEffect, useState } from 'react';
import { useApi } from '../api/context';
import { errorMessage } from '../api/errors';
import { navigate } from '../lib/router';

const SEARCH_FIELD = 'input[type="search"][aria-label="Search transactions"]';

/** Focuses the transaction search once the Transactions page has drawn it (a few frames at most). */
function focusSearch(framesLeft = 60): void {
  const field = document.querySelector<HTMLInputElement>(SEARCH_FIELD);
  if (field) field.focus();
  else if (framesLeft > 0) requestAnimationFrame(() => focusSearch(framesLeft - 1));
}

/** Carries out the native menu's commands (desktop app): Sync now, Find, Settings; says so when a sync could not start. */
export function MenuCommands() {
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  useEffect(
    () =>
      api.onEvent((event) => {
        if (event.type !== 'menu-command') return;
        setError(null);
        if (event.command === 'settings') navigate('settings');
        else if (event.command === 'search') {
          navigate('transactions');
          focusSearch();
        } else {
          api.syncNow({}).catch((err: unknown) => setError(`Sync now did not start: ${errorMessage(err)}`));
        }
      }),
    [api],
  );
  if (!error) return null;
  return (
    <p role="alert" className="error-text menu-error">
      {error}{' '}
      <button type="button" className="btn" onClick={() => setError(null)}>
        Dismiss
      </button>
    </p>
  );
}
