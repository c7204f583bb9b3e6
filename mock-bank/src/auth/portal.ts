/** `/portal`: the developer portal, a form in front of each bank's RFC 7591 registration endpoint. */
import express, { type Express } from 'express';
import type { MockBankContext } from '../context';
import { portalView } from '../../views/portal';

function metadataFrom(body: Record<string, unknown>): Record<string, unknown> {
  const wanted = ([] as unknown[]).concat(body.grant_type ?? []).map(String);
  const confidential = body.client_type === 'confidential';
  const grantTypes: string[] = [];
  const responseTypes: string[] = [];
  if (wanted.includes('authorization_code')) {
    grantTypes.push('authorization_code', 'refresh_token');
    responseTypes.push('code');
  }
  if (wanted.includes('client_credentials')) grantTypes.push('client_credentials');
  if (wanted.includes('implicit')) {
    grantTypes.push('implicit');
    responseTypes.push('id_token token');
  }
  if (wanted.includes('password')) grantTypes.push('password');
  const clientUri = String(body.client_uri ?? '').trim();
  return {
    client_name: String(body.client_name ?? '').trim(),
    ...(clientUri && { client_uri: clientUri }),
    redirect_uris: String(body.redirect_uris ?? '')
      .split(/\s+/)
      .filter(Boolean),
    application_type: confidential ? 'web' : 'native',
    token_endpoint_auth_method: confidential ? 'client_secret_basic' : 'none',
    grant_types: grantTypes,
    response_types: responseTypes,
  };
}

export function mountPortal(app: Express, ctx: MockBankContext): void {
  const banks = ctx.banks.map((b) => ({ id: b.def.id, name: b.def.name, issuer: b.issuer }));
  const legacyGrants = Boolean(ctx.options.legacyGrants);

  app.get('/portal', (_req, res) => {
    res.type('html').send(portalView({ banks, legacyGrants }));
  });

  app.post('/portal/register', express.urlencoded({ extended: false, limit: '16kb' }), async (req, res) => {
    const bank = ctx.banks.find((b) => b.def.id === req.body?.bank);
    if (!bank) return res.status(400).type('html').send(portalView({ banks, legacyGrants, error: 'Pick a bank.' }));
    const response = await fetch(`${bank.issuer}/reg`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(metadataFrom(req.body)),
    });
    // A bank that sends empty error bodies (behaviour profile) leaves only the status to show.
    const text = await response.text();
    const metadata = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    if (!response.ok) {
      const error = metadata.error ? `${String(metadata.error)}: ${String(metadata.error_description ?? '')}` : `HTTP ${response.status}`;
      return res.status(400).type('html').send(portalView({ banks, legacyGrants, error }));
    }
    res
      .status(201)
      .type('html')
      .send(portalView({ banks, legacyGrants, result: { bankName: bank.def.name, issuer: bank.issuer, metadata } }));
  });
}
