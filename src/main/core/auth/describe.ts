/**
 * Short words for what went wrong in an exchange with a bank, for messages that also say which bank and
 * what to do. Library error codes (OAUTH_RESPONSE_IS_NOT_CONFORM...) never reach the user.
 */
import * as oidc from 'openid-client';

const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was cut',
  ENOTFOUND: 'the address was not found',
  EAI_AGAIN: 'the address could not be looked up',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  UND_ERR_SOCKET: 'the connection was cut',
  CERT_HAS_EXPIRED: "the bank's certificate has expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the bank's certificate is not trusted",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the bank's certificate is not trusted",
};

/** The HTTP status of a bank's answer carried by an openid-client error, if there was an answer. */
export function httpStatusOf(err: unknown): number | null {
  if (err instanceof oidc.ResponseBodyError || err instanceof oidc.WWWAuthenticateChallengeError) return err.status;
  const cause = (err as Error | undefined)?.cause;
  return cause instanceof Response ? cause.status : null;
}

/** A network failure (no HTTP answer at all), as opposed to an answer MyBucks did not like. */
export function isNetworkFailure(err: unknown): boolean {
  if (httpStatusOf(err) !== null) return false;
  for (let e = err as Error | undefined, depth = 0; e && depth < 5; e = e.cause as Error | undefined, depth++) {
    if (e.name === 'TimeoutError' || e.name === 'AbortError' || (e instanceof TypeError && /fetch failed/.test(e.message))) return true;
    if (typeof (e as NodeJS.ErrnoException).code === 'string' && (e as NodeJS.ErrnoException).code! in NETWORK_WORDS) return true;
  }
  return false;
}

export function describeError(err: unknown): string {
  if (err instanceof oidc.ResponseBodyError) {
    return `HTTP ${err.status}, ${err.error}${err.error_description ? `: ${err.error_description}` : ''}`;
  }
  const status = httpStatusOf(err);
  if (status !== null) return status >= 400 ? `HTTP ${status} without an explanation` : `an unexpected HTTP ${status} answer`;
  for (let e = err as Error | undefined, depth = 0; e && depth < 5; e = e.cause as Error | undefined, depth++) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && NETWORK_WORDS[code]) return NETWORK_WORDS[code];
    if (e.name === 'TimeoutError') return 'no answer in time';
  }
  if (err instanceof TypeError && /fetch failed/.test(err.message)) return 'the bank could not be reached';
  if (err instanceof oidc.ClientError && err.code === 'OAUTH_RESPONSE_IS_NOT_JSON') return 'an answer that was not JSON';
  if (err instanceof oidc.ClientError) return 'an answer that does not follow the OAuth standards';
  return (err as Error)?.message ?? String(err);
}
