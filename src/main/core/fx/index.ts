/**
 * Home currency and exchange rates: the user's home currency (SettingsStore), the ECB's euro reference rates
 * (fetched from a configurable base URL, cached in fx_rates, refreshed at most daily or when asked), manual
 * rates, and net worth in the home currency.
 */
import type { CurrencySettingsDTO, NetWorthHomeDTO, NetWorthSummaryDTO, RatesStatusDTO } from '../../../shared/dto';
import type { Db } from '../db/database';
import type { Logger, SettingsStore } from '../ports';
import { parseEcbXml } from './ecb-xml';
import { formatDay, netWorthHome, netWorthSummary } from './net-worth';
import { ecbExtent, listManualRates, removeManualRate, saveEcbDays, saveManualRate } from './rates';

export { parseEcbXml, EcbFormatError, type EcbDay } from './ecb-xml';
export { createConverter, convertMinor } from './rates';

export const ECB_RATES_BASE_URL = 'https://www.ecb.europa.eu/stats/eurofxref/';
const DAY_MS = 86_400_000;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);
const HOME_KEY = 'currency.home';
const STATUS_KEY = 'currency.rates';

interface RefreshState {
  lastAttemptAt?: string;
  lastSuccessAt?: string;
  problem?: string | null;
  /** The oldest day the fetched files covered ('' after the whole history): no use fetching them again for it. */
  coveredFrom?: string;
}

export interface CurrencyCoreDeps {
  db: Db;
  settings: SettingsStore;
  logger: Logger;
  /** Where eurofxref-daily.xml, eurofxref-hist-90d.xml and eurofxref-hist.xml are (ends with '/'). */
  baseUrl?: string;
  fetch?: typeof fetch;
  now?: () => number;
  /** Per request (default 15 s; the whole history gets four times as long). */
  timeoutMs?: number;
}

/** The user's error: the renderer shows it beside the form. */
export class CurrencyInputError extends Error {
  readonly code = 'invalid_input';
}

export function createCurrencyCore(deps: CurrencyCoreDeps) {
  const { db, settings } = deps;
  const baseUrl = (deps.baseUrl ?? ECB_RATES_BASE_URL).replace(/\/?$/, '/');
  const doFetch = deps.fetch ?? fetch;
  const now = deps.now ?? Date.now;
  const timeoutMs = deps.timeoutMs ?? 15_000;
  const today = () => isoDay(now());
  const state = (): RefreshState => settings.get<RefreshState>(STATUS_KEY) ?? {};
  let inFlight: Promise<void> | null = null;

  function currenciesInUse(): { currency: string; accounts: number }[] {
    return db.prepare('SELECT currency, count(*) AS accounts FROM accounts GROUP BY currency ORDER BY accounts DESC, currency').all() as {
      currency: string;
      accounts: number;
    }[];
  }
  const chosenHome = () => settings.get<string>(HOME_KEY) ?? null;
  /** The chosen home currency, else the one most accounts use, else GBP. */
  const home = () => chosenHome() ?? currenciesInUse()[0]?.currency ?? 'GBP';

  /** Which file brings the cache up to date: the whole history only when older days are missing. */
  function fileToFetch(): string {
    const { first, last } = ecbExtent(db);
    const oldest = (db.prepare('SELECT min(date) AS d FROM balance_snapshots').get() as { d: string | null }).d ?? today();
    const daysAgo = (day: string) => (Date.parse(`${today()}T00:00:00Z`) - Date.parse(`${day}T00:00:00Z`)) / DAY_MS;
    const covered = state().coveredFrom;
    const needOlder = !first || oldest < (covered ?? first);
    if (needOlder) return daysAgo(oldest) <= 85 ? 'eurofxref-hist-90d.xml' : 'eurofxref-hist.xml';
    if (!last || daysAgo(last) <= 4) return 'eurofxref-daily.xml';
    return daysAgo(last) <= 85 ? 'eurofxref-hist-90d.xml' : 'eurofxref-hist.xml';
  }

  async function fetchOnce(): Promise<void> {
    const file = fileToFetch();
    const url = `${baseUrl}${file}`;
    const at = new Date(now()).toISOString();
    try {
      const res = await doFetch(url, {
        signal: AbortSignal.timeout(file === 'eurofxref-hist.xml' ? timeoutMs * 4 : timeoutMs),
        headers: { accept: 'application/xml, text/xml' },
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const days = parseEcbXml(await res.text());
      if (!days.length) throw new Error('the file has no rates');
      saveEcbDays(db, days, at);
      const reach = file === 'eurofxref-hist.xml' ? '' : file === 'eurofxref-hist-90d.xml' ? isoDay(now() - 90 * DAY_MS) : days[days.length - 1].day;
      const covered = state().coveredFrom;
      settings.set(STATUS_KEY, { ...state(), lastAttemptAt: at, lastSuccessAt: at, problem: null, coveredFrom: covered !== undefined && covered < reach ? covered : reach });
      deps.logger.info('exchange rates updated', { url, days: days.length });
    } catch (err) {
      const reason = (err as Error).name === 'TimeoutError' ? 'no answer in time' : ((err as { cause?: Error }).cause?.message ?? (err as Error).message);
      const { last } = ecbExtent(db);
      const host = new URL(url).host;
      const problem =
        `Could not update exchange rates from ${host} (${reason}). ` +
        (last ? `Using the last rates, from ${formatDay(last)}.` : 'No rates are stored yet: add manual rates for your currencies below.') +
        ' MyBucks tries again tomorrow, or choose Update rates.';
      settings.set(STATUS_KEY, { ...state(), lastAttemptAt: at, problem });
      deps.logger.warn('exchange rates not updated', { url, err });
    }
  }

  /**
   * Refreshes when asked, or when an account is in another currency than home and the last attempt is a day
   * old (nobody's rates are fetched for nothing); one refresh at a time.
   */
  function refresh(force: boolean): Promise<void> {
    if (inFlight) return inFlight;
    const last = state().lastAttemptAt;
    if (!force) {
      if (last && now() - Date.parse(last) < DAY_MS) return Promise.resolve();
      const h = home();
      if (!currenciesInUse().some((c) => c.currency !== h)) return Promise.resolve();
    }
    inFlight = fetchOnce().finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  function status(): RatesStatusDTO {
    const s = state();
    const { last } = ecbExtent(db);
    const manual = listManualRates(db, home());
    const lastManual = manual.map((m) => m.day).sort().pop() ?? null;
    const fetchedAt = s.lastSuccessAt ?? null;
    if (last) return { asOf: last, source: 'ecb', fetchedAt, problem: s.problem ?? null };
    if (lastManual) return { asOf: lastManual, source: 'manual', fetchedAt, problem: s.problem ?? null };
    return { asOf: null, source: 'none', fetchedAt, problem: s.problem ?? null };
  }

  function settingsDTO(): CurrencySettingsDTO {
    return {
      homeCurrency: chosenHome(),
      currenciesInUse: currenciesInUse().map((c) => c.currency),
      rates: status(),
      manualRates: listManualRates(db, home()),
    };
  }

  const offline = () => ({ offline: Boolean(state().problem) });

  return {
    home,
    refresh,
    async getCurrencySettings(): Promise<CurrencySettingsDTO> {
      await refresh(false);
      return settingsDTO();
    },
    async setHomeCurrency(currency: string): Promise<CurrencySettingsDTO> {
      settings.set(HOME_KEY, currency);
      return settingsDTO();
    },
    async setManualRate(input: { currency: string; homePerUnit: number; day?: string }): Promise<CurrencySettingsDTO> {
      const h = home();
      if (input.currency === h) throw new CurrencyInputError(`${h} is your home currency, so it needs no rate. Choose another currency.`);
      const day = input.day ?? today();
      if (day > today()) throw new CurrencyInputError(`${day} is in the future. Choose today or an earlier day for the rate to start.`);
      saveManualRate(db, h, { currency: input.currency, homePerUnit: input.homePerUnit, day }, new Date(now()).toISOString());
      return settingsDTO();
    },
    async deleteManualRate(input: { currency: string; day: string }): Promise<CurrencySettingsDTO> {
      if (!removeManualRate(db, home(), input.currency, input.day)) {
        const err = new Error(`There is no manual ${input.currency} rate from ${input.day} any more. Reload Settings to see the current rates.`);
        (err as Error & { code: string }).code = 'not_found';
        throw err;
      }
      return settingsDTO();
    },
    async refreshRates(): Promise<CurrencySettingsDTO> {
      await refresh(true);
      return settingsDTO();
    },
    async netWorthSummary(): Promise<NetWorthSummaryDTO> {
      await refresh(false);
      return netWorthSummary(db, home(), today(), offline());
    },
    async netWorthHome(range: { from: string; to: string; granularity: 'day' | 'month' }): Promise<NetWorthHomeDTO> {
      await refresh(false);
      return netWorthHome(db, home(), range, today(), offline());
    },
  };
}

export type CurrencyCore = ReturnType<typeof createCurrencyCore>;
