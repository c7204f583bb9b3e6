/**
 * Provider catalogs: banks as data. A catalog is a JSON file of entries (issuer, name and branding, client
 * ID or null for "register dynamically", scopes, API base and standard, and the bank's profile: redirect
 * strategy and optional parameters), validated when it is loaded. `{mockBank}` in a URL stands for the
 * mock bank's origin, which is known only at run time. The app ships the development catalog (the mock
 * bank's banks) for `npm start` and the tests; it never imports the mock bank's code.
 */
import { z } from 'zod';
import type { ProviderRecord } from '../db/connections-repo';
import developmentCatalog from './catalogs/development.json' with { type: 'json' };
import { providerProfileSchema } from './profile';

const entrySchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a lower-case slug'),
  name: z.string().min(1).max(100),
  issuer: z.string().min(1),
  clientId: z.string().min(1).nullable(),
  scopes: z.array(z.string().min(1)).min(1),
  apiBase: z.string().min(1),
  branding: z.object({
    color: z.string().regex(/^#[0-9a-f]{6}$/i),
    logoText: z.string().min(1).max(3),
    tagline: z.string().max(100).nullable().default(null),
  }),
  profile: providerProfileSchema,
});
export type CatalogEntry = z.infer<typeof entrySchema>;

const catalogSchema = z.object({ description: z.string().optional(), providers: z.array(entrySchema) });

export class CatalogError extends Error {
  override readonly name = 'CatalogError';
}

/** Validates a catalog and fills in `{name}` placeholders; every URL must be absolute once filled in. */
export function loadCatalog(raw: unknown, vars: Record<string, string> = {}): ProviderRecord[] {
  const fill = (text: string) => text.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name]?.replace(/\/$/, '') ?? whole);
  const parsed = catalogSchema.safeParse(JSON.parse(fill(JSON.stringify(raw))));
  if (!parsed.success) throw new CatalogError(`The bank catalog is invalid: ${z.prettifyError(parsed.error)}`);
  const ids = new Set<string>();
  return parsed.data.providers.map((e) => {
    if (ids.has(e.id)) throw new CatalogError(`The bank catalog lists "${e.id}" twice`);
    ids.add(e.id);
    for (const [field, url] of [['issuer', e.issuer], ['apiBase', e.apiBase]] as const) {
      if (!URL.canParse(url)) throw new CatalogError(`The bank catalog's ${e.id}.${field} is not a URL: ${url}`);
    }
    if (!e.clientId && e.profile.redirect.kind !== 'any-port') {
      throw new CatalogError(`The bank catalog's ${e.id} registers dynamically, so its redirect is worked out at registration`);
    }
    return {
      id: e.id,
      name: e.name,
      issuer: e.issuer.replace(/\/$/, ''),
      clientId: e.clientId ?? '',
      scopes: e.scopes,
      apiBase: e.apiBase.replace(/\/$/, ''),
      color: e.branding.color,
      logoText: e.branding.logoText,
      tagline: e.branding.tagline,
      custom: false,
      profile: e.profile,
    };
  });
}

/** The mock bank's banks, given the origin the mock bank listens on. */
export function mockBankCatalog(origin: string): ProviderRecord[] {
  return loadCatalog(developmentCatalog, { mockBank: origin });
}
