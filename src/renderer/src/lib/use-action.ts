import { useState } from 'react';
import { errorMessage } from '../api/errors';

/** A button's or form's call to the main process: busy while it runs, and the failure explained. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function run(action: () => Promise<void>, explain: (message: string) => string): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(explain(errorMessage(err)));
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, run };
}
