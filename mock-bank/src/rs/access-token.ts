/**
 * Checks the JWT access tokens the bank's authorization server issues (RFC 9068 `at+jwt`, ES256) and,
 * for sender-constrained tokens (`cnf.jkt`), the DPoP proof that must come with them (RFC 9449).
 */
import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { EmbeddedJWK, base64url, calculateJwkThumbprint, createLocalJWKSet, errors as joseErrors, jwtVerify, type JWK } from 'jose';
import type { ApiScope } from '../banks';
import type { BankRuntime } from '../context';

export interface AccessClaims {
  clientId: string;
  /** Bank username for a user's token; absent (or the client id) for client credentials. */
  sub: string | undefined;
  scopes: string[];
  consentId: string | undefined;
  scheme: 'Bearer' | 'DPoP';
}

/** Why a request is unauthenticated; becomes a 401 with a `WWW-Authenticate` challenge. */
export class TokenError extends Error {
  constructor(
    readonly scheme: 'Bearer' | 'DPoP',
    readonly error: 'invalid_token' | 'invalid_dpop_proof' | 'invalid_request' | null,
    message: string,
  ) {
    super(message);
  }

  challenge(realm: string): string {
    const params = [`realm="${realm}"`];
    if (this.scheme === 'DPoP') params.push('algs="ES256 PS256 RS256 EdDSA"');
    if (this.error) params.push(`error="${this.error}"`, `error_description="${this.message.replace(/"/g, "'")}"`);
    return `${this.scheme} ${params.join(', ')}`;
  }
}

const DPOP_MAX_AGE_S = 300;

export class AccessTokenVerifier {
  private readonly jwks;
  /** DPoP proof ids already used, with their expiry (replay protection). */
  private readonly seenJti = new Map<string, number>();

  constructor(private readonly bank: BankRuntime) {
    this.jwks = createLocalJWKSet(bank.keys.publicJwks as { keys: JWK[] });
  }

  async verify(req: Request): Promise<AccessClaims> {
    const header = req.get('authorization');
    const m = header ? /^(Bearer|DPoP)\s+([A-Za-z0-9._~+/-]+=*)$/i.exec(header.trim()) : null;
    if (!header) throw new TokenError('Bearer', null, 'access token required');
    if (!m) throw new TokenError('Bearer', 'invalid_request', 'malformed Authorization header');
    const scheme = m[1].toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer';
    const token = m[2];
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.jwks, {
        issuer: this.bank.issuer,
        audience: this.bank.apiBase,
        typ: 'at+jwt',
        algorithms: ['ES256'],
        requiredClaims: ['exp', 'client_id'],
      }));
    } catch (err) {
      throw new TokenError(scheme, 'invalid_token', describeJoseError(err));
    }
    const cnf = payload.cnf as { jkt?: unknown } | undefined;
    if (typeof cnf?.jkt === 'string') {
      if (scheme !== 'DPoP') throw new TokenError('DPoP', 'invalid_token', 'DPoP-bound access token presented as Bearer');
      await this.verifyProof(req, token, cnf.jkt);
    } else if (scheme === 'DPoP') {
      throw new TokenError('DPoP', 'invalid_token', 'access token is not DPoP-bound');
    }
    return {
      clientId: String(payload.client_id),
      sub: typeof payload.sub === 'string' ? payload.sub : undefined,
      scopes: typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [],
      consentId: typeof payload.consent_id === 'string' ? payload.consent_id : undefined,
      scheme,
    };
  }

  private async verifyProof(req: Request, token: string, jkt: string): Promise<void> {
    const proof = req.get('dpop');
    if (!proof) throw new TokenError('DPoP', 'invalid_dpop_proof', 'DPoP proof header missing');
    let payload;
    let protectedHeader;
    try {
      ({ payload, protectedHeader } = await jwtVerify(proof, EmbeddedJWK, {
        typ: 'dpop+jwt',
        algorithms: ['ES256', 'PS256', 'RS256', 'EdDSA'],
        maxTokenAge: DPOP_MAX_AGE_S,
        requiredClaims: ['iat', 'jti', 'htm', 'htu', 'ath'],
      }));
    } catch (err) {
      throw new TokenError('DPoP', 'invalid_dpop_proof', describeJoseError(err));
    }
    const htu = `${this.bank.apiBase}${req.path === '/' ? '' : req.path}`;
    if (payload.htm !== req.method) throw new TokenError('DPoP', 'invalid_dpop_proof', 'DPoP htm mismatch');
    if (typeof payload.htu !== 'string' || stripQuery(payload.htu) !== htu) throw new TokenError('DPoP', 'invalid_dpop_proof', 'DPoP htu mismatch');
    if (payload.ath !== base64url.encode(createHash('sha256').update(token).digest())) {
      throw new TokenError('DPoP', 'invalid_dpop_proof', 'DPoP ath does not match the access token');
    }
    if ((await calculateJwkThumbprint(protectedHeader.jwk as JWK)) !== jkt) {
      throw new TokenError('DPoP', 'invalid_token', 'DPoP key does not match the token binding');
    }
    const now = Date.now();
    for (const [jti, until] of this.seenJti) if (until < now) this.seenJti.delete(jti);
    const jti = String(payload.jti);
    if (this.seenJti.has(jti)) throw new TokenError('DPoP', 'invalid_dpop_proof', 'DPoP proof replayed');
    this.seenJti.set(jti, now + 2 * DPOP_MAX_AGE_S * 1000);
  }
}

function stripQuery(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`.replace(/\/$/, '');
}

function describeJoseError(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'token expired';
  if (err instanceof joseErrors.JWTClaimValidationFailed) return `token claim "${err.claim}" invalid`;
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'signature verification failed';
  if (err instanceof joseErrors.JOSEError) return err.code === 'ERR_JWKS_NO_MATCHING_KEY' ? 'unknown signing key' : 'malformed token';
  return 'malformed token';
}

export function hasScope(claims: AccessClaims, scope: ApiScope): boolean {
  return claims.scopes.includes(scope);
}
