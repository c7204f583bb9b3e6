/** `/<bankId>/connected-apps`: the bank's customer sees what she granted and revokes it. */
import { randomBytes } from 'node:crypto';
import express, { type Express, type Request, type Response } from 'express';
import type Provider from 'oidc-provider';
import { usersAt } from '../banks';
import type { BankRuntime, MockBankContext } from '../context';
import { connectedAppsLoginView, connectedAppsView, type ConnectedAppRow } from '../../views/connected-apps';
import type { CsrfTokens } from './csrf';
import { revokeGrant } from './grants';

const COOKIE = 'connected_apps';

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

export function mountConnectedApps(app: Express, ctx: MockBankContext, bank: BankRuntime, provider: Provider, csrf: CsrfTokens): void {
  const bankId = bank.def.id;
  const path = `/${bankId}/connected-apps`;
  const sessions = new Map<string, string>();
  const form = express.urlencoded({ extended: false, limit: '4kb' });
  const cookieOpts = { httpOnly: true, sameSite: 'strict' as const, path };

  /** The browser's id: a session once signed in, otherwise a pre-login id that the login form's token binds to. */
  function browserId(req: Request, res: Response): string {
    let id = readCookie(req, COOKIE);
    if (!id || !/^[\w-]{20,}$/.test(id)) {
      id = randomBytes(24).toString('base64url');
      res.cookie(COOKIE, id, cookieOpts);
    }
    return id;
  }

  async function rows(username: string): Promise<ConnectedAppRow[]> {
    const names = new Map(ctx.ledger.accountsOf(bankId, username).map((a) => [a.accountId, `${a.nickname} ••${a.mask}`]));
    const out: ConnectedAppRow[] = [];
    for (const c of ctx.consents.list({ bankId, userId: username })) {
      if (!ctx.consents.isActive(c)) continue;
      const client = await provider.Client.find(c.clientId);
      out.push({
        consentId: c.consentId,
        appName: client?.clientName ?? c.clientId,
        website: client?.clientUri,
        scopes: c.scopes,
        accounts: c.accountIds.map((a) => names.get(a) ?? a),
        expiresAt: c.expiresAt,
        status: c.status,
      });
    }
    return out;
  }

  async function show(req: Request, res: Response, notice?: string) {
    const id = browserId(req, res);
    const username = sessions.get(id);
    res.set('cache-control', 'no-store').type('html');
    if (!username) return res.send(connectedAppsLoginView(bank.def, csrf.issue(id)));
    const user = usersAt(bankId).find((u) => u.username === username)!;
    res.send(connectedAppsView(bank.def, user.name, csrf.issue(id), await rows(username), notice));
  }

  app.get(path, (req, res) => show(req, res));

  app.post(`${path}/login`, form, (req, res) => {
    const id = browserId(req, res);
    if (!csrf.verify(id, req.body?.csrf)) return res.status(403).type('html').send(connectedAppsLoginView(bank.def, csrf.issue(id), 'Please try again.'));
    const user = usersAt(bankId).find((u) => u.username === String(req.body.username ?? '').trim().toLowerCase());
    if (!user || user.locked || user.password !== req.body.password) {
      const reason = user?.locked && user.password === req.body.password ? 'This profile is locked.' : 'Incorrect username or password.';
      return res.status(401).type('html').send(connectedAppsLoginView(bank.def, csrf.issue(id), reason));
    }
    // A fresh session id on sign-in (no fixation).
    const session = randomBytes(24).toString('base64url');
    sessions.set(session, user.username);
    res.cookie(COOKIE, session, cookieOpts).redirect(303, path);
  });

  app.post(`${path}/revoke`, form, async (req, res) => {
    const id = browserId(req, res);
    const username = sessions.get(id);
    if (!username || !csrf.verify(id, req.body?.csrf)) return res.redirect(303, path);
    const consent = ctx.consents.get(String(req.body.consentId ?? ''));
    if (!consent || consent.bankId !== bankId || consent.userId !== username) return show(req, res, 'Nothing to revoke.');
    if (consent.grantId) await revokeGrant(provider, consent.grantId);
    if (consent.status === 'AUTH') ctx.consents.setStatus(consent.consentId, 'CANC');
    const client = await provider.Client.find(consent.clientId);
    await show(req, res, `${client?.clientName ?? consent.clientId} can no longer read your data.`);
  });

  app.post(`${path}/logout`, form, (req, res) => {
    const id = browserId(req, res);
    if (csrf.verify(id, req.body?.csrf)) sessions.delete(id);
    res.clearCookie(COOKIE, { path }).redirect(303, path);
  });
}
