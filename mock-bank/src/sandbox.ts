/**
 * The sandbox admin API (guarded by `x-sandbox-key`): fault injection, each bank's behaviour profile, a view of
 * each user's accounts and balances, adding / booking / removing transactions, and consent expiry.
 */
import express, { type Express, type Response } from 'express';
import { z } from 'zod';
import { findBank, TEST_USERS } from './banks';
import { PROFILE_NAMES, UnknownProfileError } from './behaviour';
import type { MockBankContext } from './context';
import { LedgerError, type BankLedger, type LedgerTransaction } from './data/ledger';
import { formatMinor, parseMinor } from './data/money';
import { FAULT_KINDS, type FaultQueue } from './faults';

type Ctx = MockBankContext<BankLedger, FaultQueue>;

const money = z.union([z.string(), z.number()]).transform((v, c) => {
  const minor = parseMinor(String(v));
  if (minor === undefined) {
    c.addIssue({ code: 'custom', message: 'amount must be a decimal like -12.34' });
    return z.NEVER;
  }
  return minor;
});

const FaultBody = z.object({
  target: z.enum(['token', 'resource']),
  bankId: z.string().optional(),
  kind: z.enum(FAULT_KINDS),
  count: z.number().int().min(1).max(10_000).default(1),
  retryAfterSeconds: z.number().int().min(0).max(86_400).optional(),
  latencyMs: z.number().int().min(0).max(120_000).optional(),
});

const BehaviourBody = z.strictObject({
  profile: z.array(z.string()).optional(),
  overrides: z
    .strictObject({
      registrationStatus: z.union([z.literal(201), z.literal(200)]),
      registrationManagement: z.boolean(),
      registerAs: z.enum(['requested', 'confidential']),
      loopbackPorts: z.enum(['any', 'exact']),
      issInResponses: z.boolean(),
      rotateRefreshTokens: z.boolean(),
      acceptResource: z.boolean(),
      errorBodies: z.enum(['json', 'empty']),
      publicRevocation: z.enum(['allow', 'refuse']),
      par: z.enum(['required', 'optional', 'off']),
      dpop: z.boolean(),
    })
    .partial()
    .optional(),
});

const NewTransactionBody = z.object({
  transactionId: z.string().min(1).max(210).optional(),
  status: z.enum(['BOOK', 'PDNG']).default('BOOK'),
  /** Signed: negative is money out. */
  amount: money,
  description: z.string().min(1).max(500),
  merchantName: z.string().min(1).max(350).optional(),
  merchantCategoryCode: z.string().regex(/^\d{3,4}$/).optional(),
  bookingDateTime: z.iso.datetime({ offset: true }).optional(),
});

const BookBody = z.object({
  newTransactionId: z.string().min(1).max(210).optional(),
  amount: money.optional(),
});

export function sandboxTransaction(t: LedgerTransaction) {
  return {
    transactionId: t.transactionId,
    status: t.status,
    bookingDateTime: new Date(t.bookingTime).toISOString(),
    amount: `${t.amountMinor < 0 ? '-' : ''}${formatMinor(t.amountMinor)}`,
    amountMinor: t.amountMinor,
    currency: t.currency,
    description: t.information,
    merchant: t.merchant,
  };
}

export function mountSandbox(app: Express, ctx: Ctx): void {
  const router = express.Router();
  router.use((req, res, next) => {
    if (req.get('x-sandbox-key') !== ctx.options.sandboxKey) {
      res.status(401).json({ error: 'unauthorized', message: 'send the sandbox key in the x-sandbox-key header' });
      return;
    }
    next();
  });
  router.use(express.json({ limit: '64kb' }));

  const fail = (res: Response, status: number, error: string, message: string) => res.status(status).json({ error, message });
  const invalid = (res: Response, err: z.ZodError) => fail(res, 400, 'invalid_request', z.prettifyError(err));
  const ledgerFailure = (res: Response, err: unknown) => {
    if (!(err instanceof LedgerError)) throw err;
    fail(res, err.kind === 'not_found' ? 404 : err.kind === 'conflict' ? 409 : 400, err.kind, err.message);
  };

  router.post('/faults', (req, res) => {
    const parsed = FaultBody.safeParse(req.body ?? {});
    if (!parsed.success) return invalid(res, parsed.error);
    if (parsed.data.bankId && !findBank(parsed.data.bankId)) return fail(res, 404, 'not_found', `no bank ${parsed.data.bankId}`);
    ctx.faults.add(parsed.data);
    res.status(201).json({ faults: ctx.faults.list() });
  });
  router.get('/faults', (_req, res) => {
    res.json({ faults: ctx.faults.list() });
  });
  router.delete('/faults', (_req, res) => {
    ctx.faults.clear();
    res.status(204).end();
  });

  router.get('/banks/:bankId/behaviour', (req, res) => {
    if (!findBank(req.params.bankId)) return fail(res, 404, 'not_found', `no bank ${req.params.bankId}`);
    res.json(ctx.behaviour.describe(req.params.bankId));
  });
  router.put('/banks/:bankId/behaviour', (req, res) => {
    if (!findBank(req.params.bankId)) return fail(res, 404, 'not_found', `no bank ${req.params.bankId}`);
    const parsed = BehaviourBody.safeParse(req.body ?? {});
    if (!parsed.success) return invalid(res, parsed.error);
    try {
      ctx.behaviour.set(req.params.bankId, parsed.data);
    } catch (err) {
      if (!(err instanceof UnknownProfileError)) throw err;
      return res.status(400).json({ error: 'invalid_request', message: err.message, profiles: PROFILE_NAMES });
    }
    res.json(ctx.behaviour.describe(req.params.bankId));
  });

  const userPath = '/banks/:bankId/users/:username';
  /** The account if it is this user's at this bank; sends 404 otherwise. */
  const accountOf = (params: Record<string, string>, res: Response) => {
    const bankId = params.bankId;
    if (!findBank(bankId) || !TEST_USERS.some((u) => u.username === params.username && u.banks.includes(bankId))) {
      fail(res, 404, 'not_found', `no user ${params.username} at ${bankId}`);
      return null;
    }
    if (params.accountId === undefined) return { bankId, accountId: '' };
    const a = ctx.ledger.account(bankId, params.accountId);
    if (!a || a.username !== params.username) {
      fail(res, 404, 'not_found', `no account ${params.accountId} for ${params.username} at ${bankId}`);
      return null;
    }
    return { bankId, accountId: a.accountId };
  };

  router.get(`${userPath}/accounts`, (req, res) => {
    if (!accountOf(req.params, res)) return;
    const { bankId, username } = req.params;
    res.json({
      accounts: ctx.ledger.accountsOf(bankId, username).map((a) => {
        const b = ctx.ledger.balances(bankId, a.accountId);
        return {
          accountId: a.accountId,
          nickname: a.nickname,
          kind: a.kind,
          typeCode: a.typeCode,
          currency: a.currency,
          mask: a.mask,
          creditLimitMinor: a.creditLimitMinor,
          openingBalanceMinor: a.openingBalanceMinor,
          bookedMinor: b.bookedMinor,
          availableMinor: b.availableMinor,
          pending: ctx.ledger.pending(bankId, a.accountId).map((p) => ({ ...sandboxTransaction(p), bookedTwin: p.twin })),
        };
      }),
    });
  });

  router.post(`${userPath}/accounts/:accountId/transactions`, (req, res) => {
    const acc = accountOf(req.params, res);
    if (!acc) return;
    const parsed = NewTransactionBody.safeParse(req.body ?? {});
    if (!parsed.success) return invalid(res, parsed.error);
    const d = parsed.data;
    try {
      const tx = ctx.ledger.addTransaction(acc.bankId, acc.accountId, {
        transactionId: d.transactionId,
        status: d.status,
        amountMinor: d.amount,
        information: d.description,
        merchant: d.merchantName ? { name: d.merchantName, mcc: d.merchantCategoryCode ?? '5999' } : undefined,
        bookingTime: d.bookingDateTime ? Math.floor(Date.parse(d.bookingDateTime) / 1000) * 1000 : undefined,
      });
      res.status(201).json(sandboxTransaction(tx));
    } catch (err) {
      ledgerFailure(res, err);
    }
  });

  router.post(`${userPath}/accounts/:accountId/transactions/:transactionId/book`, (req, res) => {
    const acc = accountOf(req.params, res);
    if (!acc) return;
    const parsed = BookBody.safeParse(req.body ?? {});
    if (!parsed.success) return invalid(res, parsed.error);
    try {
      const tx = ctx.ledger.bookPending(acc.bankId, acc.accountId, req.params.transactionId, {
        newTransactionId: parsed.data.newTransactionId,
        amountMinor: parsed.data.amount,
      });
      res.json(sandboxTransaction(tx));
    } catch (err) {
      ledgerFailure(res, err);
    }
  });

  router.delete(`${userPath}/accounts/:accountId/transactions/:transactionId`, (req, res) => {
    const acc = accountOf(req.params, res);
    if (!acc) return;
    try {
      ctx.ledger.removeTransaction(acc.bankId, acc.accountId, req.params.transactionId);
      res.status(204).end();
    } catch (err) {
      ledgerFailure(res, err);
    }
  });

  router.post('/banks/:bankId/consents/:consentId/expire', (req, res) => {
    const consent = ctx.consents.get(req.params.consentId);
    if (!consent || consent.bankId !== req.params.bankId) return fail(res, 404, 'not_found', `no consent ${req.params.consentId}`);
    res.json(ctx.consents.expire(consent.consentId));
  });

  router.get('/banks/:bankId/consents', (req, res) => {
    if (!findBank(req.params.bankId)) return fail(res, 404, 'not_found', `no bank ${req.params.bankId}`);
    res.json({ consents: ctx.consents.list({ bankId: req.params.bankId }) });
  });

  app.use('/sandbox', router);
}
