/**
 * The UK Open Banking AISP v4.0 resource server of one bank, under `bank.apiBase`:
 * accounts, balances, transactions (paged through `Links.Next`) and account-access-consents.
 */
import express, { type Express, type Request, type Response } from 'express';
import { TEST_USERS, type ApiScope } from '../banks';
import type { Consent } from '../consents';
import type { BankRuntime, FaultInjector, MockBankContext } from '../context';
import type { BankLedger, DateRange, LedgerAccount, LedgerTransaction } from '../data/ledger';
import { AccessTokenVerifier, TokenError, type AccessClaims } from './access-token';
import { ErrorCode, interactionId, sendError, sendJson } from './errors';
import { allows, permissionProblem, scopesFor } from './permissions';
import { obAccount, obBalances, obConsent, obDateTime, obTransaction } from './present';
import { parseBookingDateTime } from './query-dates';

type Ctx = MockBankContext<BankLedger, FaultInjector>;

export const DEFAULT_PAGE_SIZE = 1000;

/** Page size from the options, kept inside the profile's 25–1000. */
export function pageSizeOf(ctx: Pick<Ctx, 'options'>): number {
  return Math.min(1000, Math.max(25, Math.floor(ctx.options.pageSize ?? DEFAULT_PAGE_SIZE)));
}

interface Grant {
  claims: AccessClaims;
  consent: Consent;
  accounts: LedgerAccount[];
}

export function mountResourceServer(app: Express, ctx: Ctx, bank: BankRuntime): void {
  const bankId = bank.def.id;
  const verifier = new AccessTokenVerifier(bank);
  const router = express.Router();
  const pageSize = pageSizeOf(ctx);

  router.use(interactionId);
  router.use(ctx.faults.middleware('resource', bankId));

  const unauthorised = (res: Response, err: TokenError) => {
    res.setHeader('WWW-Authenticate', err.challenge(bankId));
    sendError(res, 401, ErrorCode.Unauthorised, err.message);
  };

  /** A token that may call the consent resources (client credentials, scope `accounts`). */
  async function clientToken(req: Request, res: Response): Promise<AccessClaims | null> {
    try {
      const claims = await verifier.verify(req);
      if (claims.consentId) {
        sendError(res, 403, ErrorCode.Forbidden, 'consent resources need a client-credentials token');
        return null;
      }
      if (!claims.scopes.includes('accounts')) {
        sendError(res, 403, ErrorCode.Forbidden, 'token lacks the accounts scope');
        return null;
      }
      return claims;
    } catch (err) {
      if (err instanceof TokenError) unauthorised(res, err);
      else throw err;
      return null;
    }
  }

  /** A user's token with an active consent that allows `resource`; sends the error and returns null otherwise. */
  async function userGrant(req: Request, res: Response, resource: ApiScope): Promise<Grant | null> {
    let claims: AccessClaims;
    try {
      claims = await verifier.verify(req);
    } catch (err) {
      if (err instanceof TokenError) unauthorised(res, err);
      else throw err;
      return null;
    }
    const consent = claims.consentId ? ctx.consents.get(claims.consentId) : undefined;
    const scheme = claims.scheme;
    if (!claims.consentId) {
      sendError(res, 403, ErrorCode.Forbidden, 'token carries no account-access consent');
      return null;
    }
    if (!consent || consent.bankId !== bankId || consent.clientId !== claims.clientId || consent.userId === null || consent.userId !== claims.sub) {
      unauthorised(res, new TokenError(scheme, 'invalid_token', 'token does not match an authorised consent'));
      return null;
    }
    if (!ctx.consents.isActive(consent)) {
      const why = consent.status === 'AUTH' || consent.status === 'EXPD' ? 'consent expired' : 'consent revoked';
      unauthorised(res, new TokenError(scheme, 'invalid_token', why));
      return null;
    }
    if (!allows(claims.scopes, consent.permissions, resource)) {
      res.setHeader('WWW-Authenticate', `${scheme} realm="${bankId}", error="insufficient_scope", scope="${resource}"`);
      sendError(res, 403, ErrorCode.Forbidden, `the grant does not include ${resource}`);
      return null;
    }
    const owned = ctx.ledger.accountsOf(bankId, consent.userId);
    return { claims, consent, accounts: owned.filter((a) => consent.accountIds.includes(a.accountId)) };
  }

  function consentedAccount(grant: Grant, req: Request, res: Response): LedgerAccount | null {
    const a = grant.accounts.find((x) => x.accountId === req.params.AccountId);
    if (!a) sendError(res, 403, ErrorCode.ConsentMismatch, 'account is not covered by the consent', 'AccountId');
    return a ?? null;
  }

  const ownerName = (username: string) => TEST_USERS.find((u) => u.username === username)?.name ?? username;
  const selfUrl = (req: Request) => `${bank.apiBase}${req.url === '/' ? '' : req.url}`;

  // ---- accounts ----
  router.get('/accounts', async (req, res) => {
    const g = await userGrant(req, res, 'accounts');
    if (!g) return;
    const detail = g.consent.permissions.includes('ReadAccountsDetail');
    sendJson(res, 200, {
      Data: { Account: g.accounts.map((a) => obAccount(a, ownerName(a.username), detail)) },
      Links: { Self: selfUrl(req) },
      Meta: { TotalPages: 1 },
    });
  });

  router.get('/accounts/:AccountId', async (req, res) => {
    const g = await userGrant(req, res, 'accounts');
    const a = g && consentedAccount(g, req, res);
    if (!g || !a) return;
    const detail = g.consent.permissions.includes('ReadAccountsDetail');
    sendJson(res, 200, { Data: { Account: [obAccount(a, ownerName(a.username), detail)] }, Links: { Self: selfUrl(req) }, Meta: { TotalPages: 1 } });
  });

  // ---- balances ----
  const balancesOf = (accounts: LedgerAccount[]) => accounts.flatMap((a) => obBalances(a, ctx.ledger.balances(bankId, a.accountId)));

  router.get('/accounts/:AccountId/balances', async (req, res) => {
    const g = await userGrant(req, res, 'balances');
    const a = g && consentedAccount(g, req, res);
    if (!g || !a) return;
    sendJson(res, 200, { Data: { Balance: balancesOf([a]) }, Links: { Self: selfUrl(req) }, Meta: { TotalPages: 1 } });
  });

  router.get('/balances', async (req, res) => {
    const g = await userGrant(req, res, 'balances');
    if (!g) return;
    if (g.accounts.length === 0) return sendError(res, 404, ErrorCode.ResourceNotFound, 'the consent covers no accounts');
    sendJson(res, 200, { Data: { Balance: balancesOf(g.accounts) }, Links: { Self: selfUrl(req) }, Meta: { TotalPages: 1 } });
  });

  // ---- transactions ----
  /** The request's booking-date filter clamped to the consent's window; null after sending a 400. */
  function rangeOf(req: Request, res: Response, consent: Consent): DateRange | null {
    const from = parseBookingDateTime(req.query.fromBookingDateTime);
    const to = parseBookingDateTime(req.query.toBookingDateTime);
    if (from === 'invalid' || to === 'invalid') {
      sendError(res, 400, ErrorCode.InvalidDate, 'booking date-time filters must look like 2017-04-05T10:43:07 or 2017-04-05', from === 'invalid' ? 'fromBookingDateTime' : 'toBookingDateTime');
      return null;
    }
    if (from !== null && to !== null && from > to) {
      sendError(res, 400, ErrorCode.InvalidDate, 'fromBookingDateTime is after toBookingDateTime', 'fromBookingDateTime');
      return null;
    }
    const limits = [from, consent.transactionFrom ? Date.parse(consent.transactionFrom) : null].filter((x): x is number => x !== null);
    const ends = [to, consent.transactionTo ? Date.parse(consent.transactionTo) : null].filter((x): x is number => x !== null);
    return { from: limits.length ? Math.max(...limits) : undefined, to: ends.length ? Math.min(...ends) : undefined };
  }

  function pageOf(req: Request, res: Response): number | null {
    const raw = req.query.page;
    if (raw === undefined) return 1;
    const page = typeof raw === 'string' && /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : NaN;
    if (Number.isNaN(page)) sendError(res, 400, ErrorCode.FieldInvalid, 'page must be a positive integer', 'page');
    return Number.isNaN(page) ? null : page;
  }

  function pageLinks(req: Request, page: number, totalPages: number) {
    const url = (p: number) => {
      const u = new URL(`${bank.apiBase}${req.path === '/' ? '' : req.path}`);
      for (const key of ['fromBookingDateTime', 'toBookingDateTime'] as const) {
        const v = req.query[key];
        if (typeof v === 'string') u.searchParams.set(key, v);
      }
      if (p > 1) u.searchParams.set('page', String(p));
      return u.toString();
    };
    return {
      Self: url(page),
      First: url(1),
      ...(page > 1 ? { Prev: url(Math.min(page - 1, totalPages)) } : {}),
      ...(page < totalPages ? { Next: url(page + 1) } : {}),
      Last: url(totalPages),
    };
  }

  function sendTransactions(req: Request, res: Response, g: Grant, accounts: LedgerAccount[]) {
    const range = rangeOf(req, res, g.consent);
    const page = range && pageOf(req, res);
    if (!range || !page) return;
    const offset = (page - 1) * pageSize;
    let skip = offset;
    let total = 0;
    let first: number | null = null;
    let last: number | null = null;
    const items: LedgerTransaction[] = [];
    // Accounts in consent order, each by booking time; a page may span two accounts.
    for (const a of accounts) {
      const want = pageSize - items.length;
      const p = ctx.ledger.transactions(bankId, a.accountId, range, skip, want);
      total += p.total;
      items.push(...p.items);
      skip = Math.max(0, skip - p.total);
      if (p.firstAvailable !== null) first = first === null ? p.firstAvailable : Math.min(first, p.firstAvailable);
      if (p.lastAvailable !== null) last = last === null ? p.lastAvailable : Math.max(last, p.lastAvailable);
    }
    const totalPages = Math.max(1, Math.ceil(total / pageSize));
    if (page > totalPages) return sendError(res, 400, ErrorCode.FieldInvalid, `page ${page} is beyond the last page (${totalPages})`, 'page');
    const detail = g.consent.permissions.includes('ReadTransactionsDetail');
    sendJson(res, 200, {
      Data: { Transaction: items.map((t) => obTransaction(t, bank.def, detail)) },
      Links: pageLinks(req, page, totalPages),
      Meta: {
        TotalPages: totalPages,
        ...(first !== null ? { FirstAvailableDateTime: obDateTime(first) } : {}),
        ...(last !== null ? { LastAvailableDateTime: obDateTime(last) } : {}),
      },
    });
  }

  router.get('/accounts/:AccountId/transactions', async (req, res) => {
    const g = await userGrant(req, res, 'transactions');
    const a = g && consentedAccount(g, req, res);
    if (!g || !a) return;
    sendTransactions(req, res, g, [a]);
  });

  router.get('/transactions', async (req, res) => {
    const g = await userGrant(req, res, 'transactions');
    if (!g) return;
    if (g.accounts.length === 0) return sendError(res, 404, ErrorCode.ResourceNotFound, 'the consent covers no accounts');
    sendTransactions(req, res, g, g.accounts);
  });

  // ---- account-access-consents ----
  const jsonBody = express.json({ type: ['application/json', 'application/*+json'], limit: '64kb' });

  router.post('/account-access-consents', async (req, res, next) => {
    const claims = await clientToken(req, res);
    if (!claims) return;
    if (!req.is(['application/json', 'application/*+json'])) {
      return sendError(res, 415, ErrorCode.ResourceInvalidFormat, 'send the consent as application/json');
    }
    jsonBody(req, res, (err?: unknown) => {
      if (err) return next(err);
      const body = req.body as { Data?: Record<string, unknown>; Risk?: unknown } | undefined;
      if (!body || typeof body.Data !== 'object' || body.Data === null) return sendError(res, 400, ErrorCode.FieldMissing, 'Data is required', 'Data');
      if (typeof body.Risk !== 'object' || body.Risk === null) return sendError(res, 400, ErrorCode.FieldMissing, 'Risk is required', 'Risk');
      const problem = permissionProblem(body.Data.Permissions);
      if (problem) return sendError(res, 400, ErrorCode.FieldInvalid, problem, 'Data.Permissions');
      const dates: Record<string, string | null> = {};
      for (const field of ['ExpirationDateTime', 'TransactionFromDateTime', 'TransactionToDateTime'] as const) {
        const v = body.Data[field];
        if (v === undefined) dates[field] = null;
        else if (typeof v === 'string' && !Number.isNaN(Date.parse(v))) dates[field] = new Date(v).toISOString();
        else return sendError(res, 400, ErrorCode.InvalidDate, `${field} must be an ISO 8601 date-time`, `Data.${field}`);
      }
      if (dates.ExpirationDateTime && Date.parse(dates.ExpirationDateTime) <= ctx.options.now().getTime()) {
        return sendError(res, 400, ErrorCode.InvalidDate, 'ExpirationDateTime must be in the future', 'Data.ExpirationDateTime');
      }
      const permissions = body.Data.Permissions as string[];
      const consent = ctx.consents.create({
        bankId,
        clientId: claims.clientId,
        permissions,
        scopes: scopesFor(permissions),
        expiresAt: dates.ExpirationDateTime,
        transactionFrom: dates.TransactionFromDateTime,
        transactionTo: dates.TransactionToDateTime,
      });
      sendJson(res, 201, obConsent(consent, `${bank.apiBase}/account-access-consents/${consent.consentId}`));
    });
  });

  async function ownConsent(req: Request, res: Response): Promise<Consent | null> {
    const claims = await clientToken(req, res);
    if (!claims) return null;
    const consent = ctx.consents.get(String(req.params.ConsentId));
    if (!consent || consent.bankId !== bankId) {
      sendError(res, 400, ErrorCode.ResourceNotFound, 'no such consent', 'ConsentId');
      return null;
    }
    if (consent.clientId !== claims.clientId) {
      sendError(res, 403, ErrorCode.ConsentMismatch, 'the consent belongs to another client', 'ConsentId');
      return null;
    }
    return consent;
  }

  router.get('/account-access-consents/:ConsentId', async (req, res) => {
    const consent = await ownConsent(req, res);
    if (consent) sendJson(res, 200, obConsent(consent, selfUrl(req)));
  });

  router.delete('/account-access-consents/:ConsentId', async (req, res) => {
    const consent = await ownConsent(req, res);
    if (!consent) return;
    if (consent.status !== 'CANC') ctx.consents.setStatus(consent.consentId, 'CANC');
    res.status(204).end();
  });

  // ---- everything else under the API base ----
  const known = ['/accounts', '/accounts/:AccountId', '/accounts/:AccountId/balances', '/accounts/:AccountId/transactions', '/balances', '/transactions', '/account-access-consents', '/account-access-consents/:ConsentId'];
  router.all(known, (req, res) => sendError(res, 405, ErrorCode.FieldInvalid, `${req.method} is not allowed here`));
  router.use((req, res) => sendError(res, 404, ErrorCode.ResourceNotFound, `no resource at ${req.path}`));
  router.use((err: unknown, _req: Request, res: Response, _next: express.NextFunction) => {
    const status = (err as { status?: number }).status;
    if (status === 400 || status === 413) return sendError(res, status, ErrorCode.ResourceInvalidFormat, 'request body is not valid JSON');
    console.error('[mock-bank rs]', err);
    sendError(res, 500, ErrorCode.UnexpectedError, 'internal error');
  });

  app.use(new URL(bank.apiBase).pathname, router);
}
