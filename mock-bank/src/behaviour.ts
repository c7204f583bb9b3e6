/**
 * What a bank's authorization server may do differently within the RFCs, as data: named profiles that compose
 * left to right over `strict`, plus explicit overrides. Switchable at runtime; the next request sees the change.
 */

export interface BankBehaviour {
  /** HTTP status of a successful dynamic registration (RFC 7591 says 201; many servers answer 200). */
  registrationStatus: 201 | 200;
  /** RFC 7592 client configuration endpoint (registration_client_uri + registration_access_token in the registration response, GET/PUT/DELETE). */
  registrationManagement: boolean;
  /** 'requested': honour the requested token_endpoint_auth_method; 'confidential': always register client_secret_basic with a client_secret (RFC 7591 §3.2.1 lets the server change metadata), even when `none` was asked for. */
  registerAs: 'requested' | 'confidential';
  /** Loopback redirect URIs: 'any' port accepted (RFC 8252 §7.3, oidc-provider's default for native clients), or 'exact' string match including the port. */
  loopbackPorts: 'any' | 'exact';
  /** `iss` in authorization responses (RFC 9207) and authorization_response_iss_parameter_supported in discovery. */
  issInResponses: boolean;
  /** Refresh tokens rotate on every use (true) or never (false). */
  rotateRefreshTokens: boolean;
  /** false: any authorization, PAR or token request carrying a `resource` parameter is refused with `invalid_target` (RFC 8707 unsupported). */
  acceptResource: boolean;
  /** 'json': normal OAuth error bodies; 'empty': errors of the token, revocation, PAR and registration endpoints keep their status but have an empty body. */
  errorBodies: 'json' | 'empty';
  /** 'refuse': RFC 7009 revocation from a public client (token_endpoint_auth_method none) gets 400 unauthorized_client and revokes nothing. */
  publicRevocation: 'allow' | 'refuse';
  /** 'required' (require_pushed_authorization_requests), 'optional', or 'off' (not in discovery, the endpoint answers 404). */
  par: 'required' | 'optional' | 'off';
  /** false: no dpop_signing_alg_values_supported in discovery and DPoP headers are ignored (tokens are plain Bearer). */
  dpop: boolean;
}

const STRICT: BankBehaviour = {
  registrationStatus: 201,
  registrationManagement: true,
  registerAs: 'requested',
  loopbackPorts: 'any',
  issInResponses: true,
  rotateRefreshTokens: true,
  acceptResource: true,
  errorBodies: 'json',
  publicRevocation: 'allow',
  par: 'optional',
  dpop: true,
};

export const PROFILES = {
  /** Today's behaviour and the default: every RFC option at its strictest, every feature on. */
  strict: STRICT,
  'registration-200': { registrationStatus: 200 },
  'exact-port': { loopbackPorts: 'exact' },
  'no-iss': { issInResponses: false },
  'no-rotation': { rotateRefreshTokens: false },
  'rejects-resource': { acceptResource: false },
  'empty-errors': { errorBodies: 'empty' },
  'no-public-revocation': { publicRevocation: 'refuse' },
  'confidential-default': { registerAs: 'confidential' },
  'no-registration-management': { registrationManagement: false },
  'no-par': { par: 'off' },
  'no-dpop': { dpop: false },
  'par-required': { par: 'required' },
  /** A typical enterprise server that uses all the freedom the RFCs give (registration management stays on). */
  relaxed: {
    registrationStatus: 200,
    registerAs: 'confidential',
    loopbackPorts: 'exact',
    issInResponses: false,
    rotateRefreshTokens: false,
    acceptResource: false,
    errorBodies: 'empty',
    publicRevocation: 'refuse',
    par: 'off',
    dpop: false,
  },
} satisfies Record<string, Partial<BankBehaviour>>;

export type ProfileName = keyof typeof PROFILES;
export const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];

/** A bank's profile list (applied left to right over `strict`) and explicit overrides on top. */
export interface BehaviourSelection {
  profile?: string[];
  overrides?: Partial<BankBehaviour>;
}

export class UnknownProfileError extends Error {
  constructor(readonly names: string[]) {
    super(`unknown behaviour profile ${names.map((n) => `"${n}"`).join(', ')}; known: ${PROFILE_NAMES.join(', ')}`);
  }
}

export function resolveBehaviour(profile: readonly string[], overrides: Partial<BankBehaviour> = {}): BankBehaviour {
  const unknown = profile.filter((name) => !Object.hasOwn(PROFILES, name));
  if (unknown.length) throw new UnknownProfileError(unknown);
  return Object.assign({ ...STRICT }, ...profile.map((name) => PROFILES[name as ProfileName]), overrides) as BankBehaviour;
}

type Selected = Required<BehaviourSelection>;

interface BankState {
  baseline: Selected;
  selected: Selected;
  behaviour: BankBehaviour;
}

/** The live behaviour of every bank of one mock-bank process. */
export class BankBehaviours {
  private readonly banks = new Map<string, BankState>();

  /** `baselines`: what each bank plays until told otherwise; throws UnknownProfileError. */
  constructor(baselines: Record<string, Selected>) {
    for (const [bankId, baseline] of Object.entries(baselines)) {
      this.banks.set(bankId, { baseline, selected: baseline, behaviour: resolveBehaviour(baseline.profile, baseline.overrides) });
    }
  }

  get(bankId: string): BankBehaviour {
    return this.state(bankId).behaviour;
  }

  describe(bankId: string): { bankId: string; profile: string[]; overrides: Partial<BankBehaviour>; behaviour: BankBehaviour } {
    const { selected, behaviour } = this.state(bankId);
    return { bankId, ...selected, behaviour };
  }

  /** Replaces the bank's selection; an omitted field falls back to the baseline's. Throws UnknownProfileError. */
  set(bankId: string, selection: BehaviourSelection): BankBehaviour {
    const state = this.state(bankId);
    const selected = { profile: selection.profile ?? state.baseline.profile, overrides: selection.overrides ?? state.baseline.overrides };
    state.behaviour = resolveBehaviour(selected.profile, selected.overrides);
    state.selected = selected;
    return state.behaviour;
  }

  private state(bankId: string): BankState {
    const state = this.banks.get(bankId);
    if (!state) throw new Error(`no bank ${bankId}`);
    return state;
  }
}
