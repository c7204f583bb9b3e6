/**
 * How MyBucks talks to one bank, within the freedom the RFCs give a server: where the browser comes back
 * (RFC 8252 §7.3 any-port loopback, a fixed set of registered ports, or the exact URI registered per link
 * through RFC 7592), how the client authenticates, which optional request parameters the bank takes, and
 * what MyBucks has learned (the `iss` pin of RFC 9207). Catalog entries state it; for banks added by
 * address it is worked out at registration and refined by what each link shows.
 */
import { z } from 'zod';

/** The loopback ports MyBucks registers where a bank matches redirect URIs exactly (port included). */
export const FIXED_LOOPBACK_PORTS = [53682, 53683, 53684];

export const redirectStrategySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('any-port') }),
  z.object({ kind: z.literal('fixed-ports'), ports: z.array(z.number().int().min(1024).max(65535)).min(1).max(10) }),
  z.object({ kind: z.literal('exact-per-link') }),
  // RFC 8252 §7.1: com.mybucks.app:/oauth/callback/<provider>, received by the desktop app only.
  z.object({ kind: z.literal('private-use-scheme') }),
]);
export type RedirectStrategy = z.infer<typeof redirectStrategySchema>;

export const providerProfileSchema = z.object({
  apiStandard: z.literal('uk-ob-aisp-v4.0').default('uk-ob-aisp-v4.0'),
  redirect: redirectStrategySchema.default({ kind: 'any-port' }),
  /** How MyBucks authenticates at the token endpoint; a secret, when there is one, lives in the vault. */
  tokenEndpointAuthMethod: z.enum(['none', 'client_secret_basic', 'client_secret_post']).default('none'),
  /** Send `resource=<API base>` (RFC 8707). Only where the bank is known to accept it. */
  resourceIndicator: z.boolean().default(false),
  /** PAR and DPoP are used when the bank's metadata offers them, unless set to 'never'. */
  par: z.enum(['auto', 'never']).default('auto'),
  dpop: z.enum(['auto', 'never']).default('auto'),
  /** `prompt=consent`, which OpenID Connect §11 asks for with offline_access; 'never' for banks that refuse it. */
  prompt: z.enum(['consent', 'never']).default('consent'),
  /** Set once a sign-in response carried `iss`: from then on one without it is refused. */
  issPinned: z.boolean().default(false),
  /** RFC 7592 client configuration endpoint of a client MyBucks registered (its access token is in the vault). */
  registrationClientUri: z.string().url().nullable().default(null),
  /** The bank's page where a customer sees and revokes connected apps. */
  connectedAppsUrl: z.string().url().nullable().default(null),
});
export type ProviderProfile = z.infer<typeof providerProfileSchema>;

export const defaultProfile = (): ProviderProfile => providerProfileSchema.parse({});

/** The profile stored in a row, tolerant of fields added later (their defaults apply). */
export function parseProfile(json: string): ProviderProfile {
  const parsed = providerProfileSchema.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : defaultProfile();
}

export function describeRedirect(strategy: RedirectStrategy): string {
  switch (strategy.kind) {
    case 'any-port':
      return 'a one-time local address on any port';
    case 'fixed-ports':
      return `a one-time local address on port ${strategy.ports.join(', ')}`;
    case 'exact-per-link':
      return 'a one-time local address registered with the bank for each sign-in';
    case 'private-use-scheme':
      return 'the MyBucks desktop app address (com.mybucks.app:/oauth/callback/…), which only the desktop app can receive';
  }
}
