/** The bank's own sign-in and consent pages (oidc-provider interactions; devInteractions are off). */
import express, { type Express, type Request, type Response } from 'express';
import type Provider from 'oidc-provider';
import { SCOPE_PERMISSIONS, usersAt, type ApiScope } from '../banks';
import type { Consent } from '../consents';
import type { BankRuntime, MockBankContext } from '../context';
import { consentView } from '../../views/consent';
import { loginView } from '../../views/login';
import { messageView } from '../../views/pages';
import type { CsrfTokens } from './csrf';
import { API_SCOPE_NAMES, OIDC_SCOPES } from './provider';

const CONSENT_DAYS = 90;

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

function requestedScopes(interaction: Interaction): { api: ApiScope[]; oidc: string[] } {
  const scopes = String(interaction.params.scope ?? '').split(' ');
  return {
    api: API_SCOPE_NAMES.filter((s) => scopes.includes(s)),
    oidc: OIDC_SCOPES.filter((s) => scopes.includes(s)),
  };
}

/** The UK Open Banking way: `claims={"id_token":{"openbanking_intent_id":{"value":"<ConsentId>"}}}`. */
function intentIdOf(interaction: Interaction): string | undefined {
  const raw = interaction.params.claims;
  if (typeof raw !== 'string') return undefined;
  try {
    const value = (JSON.parse(raw) as { id_token?: { openbanking_intent_id?: { value?: unknown } } }).id_token
      ?.openbanking_intent_id?.value;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

export function mountInteractions(app: Express, ctx: MockBankContext, bank: BankRuntime, provider: Provider, csrf: CsrfTokens): void {
  const bankId = bank.def.id;
  const base = `/${bankId}/interaction/:uid`;
  const form = express.urlencoded({ extended: false, limit: '16kb' });
  const users = usersAt(bankId);

  const expired = (res: Response) =>
    res
      .status(400)
      .type('html')
      .send(messageView(bank.def, 'This page has expired', 'Go back to the app and start connecting again.'));

  async function details(req: Request, res: Response): Promise<Interaction | undefined> {
    try {
      const interaction = await provider.interactionDetails(req, res);
      if (interaction.uid !== req.params.uid) throw new Error('interaction mismatch');
      return interaction;
    } catch {
      expired(res);
      return undefined;
    }
  }

  async function clientOf(clientId: string) {
    const client = await provider.Client.find(clientId);
    return { clientId, name: client?.clientName ?? clientId, website: client?.clientUri };
  }

  function intentConsent(interaction: Interaction, clientId: string): Consent | undefined | 'invalid' {
    const intentId = intentIdOf(interaction);
    if (!intentId) return undefined;
    const consent = ctx.consents.get(intentId);
    if (!consent || consent.bankId !== bankId || consent.clientId !== clientId || consent.status !== 'AWAU') return 'invalid';
    return consent;
  }

  async function renderLogin(res: Response, interaction: Interaction, status = 200, error?: string, username?: string) {
    const client = await clientOf(String(interaction.params.client_id));
    res
      .status(status)
      .type('html')
      .send(
        loginView({
          bank: bank.def,
          action: `/${bankId}/interaction/${interaction.uid}/login`,
          csrf: csrf.issue(interaction.uid),
          clientName: client.name,
          users,
          error,
          username,
        }),
      );
  }

  async function renderConsent(res: Response, interaction: Interaction) {
    const accountId = interaction.session?.accountId;
    const user = users.find((u) => u.username === accountId);
    if (!user) return expired(res);
    const client = await clientOf(String(interaction.params.client_id));
    const { api, oidc } = requestedScopes(interaction);
    res.type('html').send(
      consentView({
        bank: bank.def,
        action: `/${bankId}/interaction/${interaction.uid}/confirm`,
        csrf: csrf.issue(interaction.uid),
        userName: user.name,
        client,
        apiScopes: api,
        oidcScopes: oidc,
        accounts: ctx.ledger.accountsOf(bankId, user.username),
        consentExpiresAt: new Date(ctx.options.now().getTime() + CONSENT_DAYS * 86400_000).toISOString(),
      }),
    );
  }

  app.get(base, async (req, res) => {
    const interaction = await details(req, res);
    if (!interaction) return;
    res.set('cache-control', 'no-store');
    if (interaction.prompt.name === 'login') return renderLogin(res, interaction);
    if (intentConsent(interaction, String(interaction.params.client_id)) === 'invalid') {
      return provider.interactionFinished(req, res, {
        error: 'invalid_request',
        error_description: 'openbanking_intent_id does not name a consent of this client awaiting authorisation',
      });
    }
    return renderConsent(res, interaction);
  });

  app.post(`${base}/login`, form, async (req, res) => {
    const interaction = await details(req, res);
    if (!interaction) return;
    if (interaction.prompt.name !== 'login' || !csrf.verify(interaction.uid, req.body?.csrf)) return expired(res);
    const username = String(req.body.username ?? '').trim().toLowerCase();
    const user = users.find((u) => u.username === username);
    if (!user || user.password !== String(req.body.password ?? '')) {
      return renderLogin(res, interaction, 401, 'Incorrect username or password.', username);
    }
    if (user.locked) {
      return renderLogin(
        res,
        interaction,
        403,
        `Your ${bank.def.name} online banking is locked after too many failed attempts. Please call us to unlock it.`,
        username,
      );
    }
    await provider.interactionFinished(req, res, { login: { accountId: user.username } }, { mergeWithLastSubmission: false });
  });

  app.post(`${base}/confirm`, form, async (req, res) => {
    const interaction = await details(req, res);
    if (!interaction) return;
    if (interaction.prompt.name !== 'consent' || !csrf.verify(interaction.uid, req.body?.csrf)) return expired(res);
    const userId = interaction.session?.accountId;
    if (!userId) return expired(res);
    const clientId = String(interaction.params.client_id);
    const intent = intentConsent(interaction, clientId);
    if (intent === 'invalid') return expired(res);

    if (req.body.decision !== 'allow') {
      if (intent) ctx.consents.setStatus(intent.consentId, 'RJCT');
      return provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'The customer did not allow access' },
        { mergeWithLastSubmission: false },
      );
    }

    const { api, oidc } = requestedScopes(interaction);
    const ticked = ([] as string[]).concat(req.body.scope ?? []);
    const granted = api.filter((s) => s === 'accounts' || ticked.includes(s));
    const rejected = api.filter((s) => !granted.includes(s));
    const owned = new Set(ctx.ledger.accountsOf(bankId, userId).map((a) => a.accountId));
    const accountIds = ([] as string[]).concat(req.body.account ?? []).filter((a) => owned.has(a));

    const grant = new provider.Grant({ accountId: userId, clientId });
    if (oidc.length) grant.addOIDCScope(oidc.join(' '));
    const missingClaims = interaction.prompt.details.missingOIDCClaims as string[] | undefined;
    if (missingClaims?.length) grant.addOIDCClaims(missingClaims);
    if (granted.length) grant.addResourceScope(bank.apiBase, granted.join(' '));
    if (rejected.length) grant.rejectResourceScope(bank.apiBase, rejected.join(' '));
    const grantId = await grant.save();

    if (granted.length) {
      const consent =
        intent ??
        ctx.consents.create({
          bankId,
          clientId,
          permissions: granted.flatMap((s) => SCOPE_PERMISSIONS[s]),
          scopes: granted,
          expiresAt: new Date(ctx.options.now().getTime() + CONSENT_DAYS * 86400_000).toISOString(),
        });
      ctx.consents.authorise(consent.consentId, { userId, accountIds, grantId, scopes: granted });
    }
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  });
}
