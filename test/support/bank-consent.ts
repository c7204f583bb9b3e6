/**
 * Drives the mock bank's login and consent pages, for tests.
 *
 * The pages' stable form fields (mock-bank/views/login.ts, consent.ts):
 * - login form: `username` (#username), `password` (#password), hidden `csrf`, submit #sign-in;
 *   a refused sign-in shows `#login-error`;
 * - consent form: checkboxes `scope` (#scope-balances, #scope-transactions; `accounts` is always sent),
 *   `account` (#account-<accountId>), hidden `csrf`, submit buttons `decision=allow` (#allow) and
 *   `decision=deny` (#deny).
 * Both forms post to their own `action` under `/<bankId>/interaction/<uid>/`.
 */
import type { Page } from 'playwright-core';
import { TEST_PASSWORD } from '../../mock-bank/src/banks';

export type ApiScopeName = 'accounts' | 'balances' | 'transactions';

export interface ConsentOptions {
  username: string;
  /** Defaults to the documented test password. */
  password?: string;
  /** Press Deny instead of Allow. */
  deny?: boolean;
  /** API scopes left ticked (default: every requested one). `accounts` cannot be unticked. */
  scopes?: ApiScopeName[];
  /** Accounts left ticked (default: all). */
  accountIds?: string[];
}

/** Pages of the bank live under `<origin>/<bankId>/`; anything else is the app's redirect URI. */
function bankPrefix(authorizationUrl: string): string {
  const u = new URL(authorizationUrl);
  return `${u.origin}/${u.pathname.split('/')[1]}/`;
}

class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => {
        const [k, v] = a.trim().split('=');
        if (k.toLowerCase() === 'max-age') return Number(v) <= 0;
        if (k.toLowerCase() === 'expires') return Date.parse(v) <= Date.now();
        return false;
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

function attr(tag: string, name: string): string | undefined {
  return new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];
}

function unescape(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

interface ParsedForm {
  action: string;
  csrf: string;
  kind: 'login' | 'consent';
  scopes: string[];
  accounts: string[];
  error?: string;
}

function parseBankPage(body: string, pageUrl: string): ParsedForm {
  const error = /id="login-error"[^>]*>([^<]*)</.exec(body)?.[1];
  const form = /<form method="post" action="([^"]+)"/.exec(body);
  const csrf = /name="csrf" value="([^"]+)"/.exec(body);
  if (!form || !csrf) throw new Error(`no login or consent form at ${pageUrl}: ${body.slice(0, 300)}`);
  const inputs = body.match(/<input[^>]*>/g) ?? [];
  const valuesOf = (name: string) =>
    inputs.filter((t) => attr(t, 'name') === name).map((t) => unescape(attr(t, 'value') ?? ''));
  return {
    action: new URL(unescape(form[1]), pageUrl).href,
    csrf: unescape(csrf[1]),
    kind: body.includes('id="sign-in"') ? 'login' : 'consent',
    scopes: valuesOf('scope'),
    accounts: valuesOf('account'),
    error: error ? unescape(error) : undefined,
  };
}

/**
 * Signs in and answers the consent page with plain HTTP (fetch, manual redirects, a cookie jar).
 * Returns the URL the bank finally redirects the browser to (the app's redirect URI with `code`/`error`,
 * `state` and `iss`), without requesting it.
 */
export async function approveWithForms(authorizationUrl: string, opts: ConsentOptions): Promise<string> {
  const prefix = bankPrefix(authorizationUrl);
  const jar = new CookieJar();
  let url = authorizationUrl;
  let init: RequestInit = { method: 'GET' };
  let loggedIn = false;
  for (let hop = 0; hop < 20; hop++) {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { cookie: jar.header(), ...(init.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    });
    jar.store(res);
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      const next = new URL(location, url).href;
      if (!next.startsWith(prefix)) return next;
      url = next;
      init = { method: 'GET' };
      continue;
    }
    const body = await res.text();
    // A refused sign-in comes back as 401/403 with the login form and its error message.
    if (res.status !== 200 && !body.includes('id="sign-in"')) {
      throw new Error(`bank answered ${res.status} at ${url}: ${body.slice(0, 300)}`);
    }
    const form = parseBankPage(body, url);
    if (form.kind === 'login') {
      if (loggedIn) throw new Error(`sign-in refused: ${form.error ?? 'unknown reason'}`);
      loggedIn = true;
      init = {
        method: 'POST',
        body: new URLSearchParams({ csrf: form.csrf, username: opts.username, password: opts.password ?? TEST_PASSWORD }),
      };
    } else {
      const params = new URLSearchParams({ csrf: form.csrf, decision: opts.deny ? 'deny' : 'allow' });
      for (const s of form.scopes) if (s === 'accounts' || !opts.scopes || opts.scopes.includes(s as ApiScopeName)) params.append('scope', s);
      for (const a of form.accounts) if (!opts.accountIds || opts.accountIds.includes(a)) params.append('account', a);
      init = { method: 'POST', body: params };
    }
    url = form.action;
  }
  throw new Error('too many redirects while approving');
}

/**
 * The same in a real browser page: signs in (unless the bank remembers the session), answers the consent
 * page and waits until the browser leaves the bank for the app's redirect URI.
 */
export async function approveWithPage(page: Page, authorizationUrl: string, opts: ConsentOptions): Promise<void> {
  const prefix = bankPrefix(authorizationUrl);
  await page.goto(authorizationUrl);
  await page.waitForSelector('#sign-in, #allow');
  if (await page.$('#sign-in')) {
    await page.fill('#username', opts.username);
    await page.fill('#password', opts.password ?? TEST_PASSWORD);
    await page.click('#sign-in');
    await page.waitForSelector('#login-error, #allow');
    const error = await page.$('#login-error');
    if (error) throw new Error(`sign-in refused: ${await error.textContent()}`);
  }
  if (opts.scopes) {
    for (const s of ['balances', 'transactions'] as const) {
      const box = await page.$(`#scope-${s}`);
      if (box) await box.setChecked(opts.scopes.includes(s));
    }
  }
  if (opts.accountIds) {
    for (const box of await page.$$('input[name="account"]')) {
      await box.setChecked(opts.accountIds.includes((await box.getAttribute('value')) ?? ''));
    }
  }
  await Promise.all([
    page.waitForURL((u) => !u.href.startsWith(prefix), { waitUntil: 'commit' }),
    page.click(opts.deny ? '#deny' : '#allow'),
  ]);
}
