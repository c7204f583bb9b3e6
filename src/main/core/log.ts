/**
 * The core's Logger: one line per entry, with everything secret redacted before it is written —
 * authorization codes, tokens, client secrets, PKCE verifiers, DPoP keys and the query string or
 * fragment of any URL (callback URLs carry `code`, `state` and `iss`).
 */
import type { Logger } from './ports';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error'];

export const REDACTED = '[redacted]';

const SECRET_KEY =
  /token|secret|passw|verifier|jwk|assertion|cookie|private|^authorization$|^(auth(orization)?_?)?code$|^d$|^state$|^nonce$/i;
const JWT = /\beyJ[\w-]+\.[\w-]+\.[\w-]*/g;
const AUTH_HEADER = /\b(Bearer|DPoP|Basic)\s+[\w.~+/-]+=*/gi;
const URL_QUERY = /(\b[a-z][\w+.-]*:\/\/[^\s?#"'<>]*)[?#][^\s"'<>]*/gi;
const SECRET_PARAM =
  /\b(code|state|nonce|iss|access_token|refresh_token|id_token|token|code_verifier|client_secret|session_state|request_uri)=[^&#\s"']*/gi;

export function redactString(text: string): string {
  return text
    .replace(JWT, REDACTED)
    .replace(AUTH_HEADER, (_m, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(URL_QUERY, (_m, base: string) => `${base}?${REDACTED}`)
    .replace(SECRET_PARAM, (_m, name: string) => `${name}=${REDACTED}`);
}

/** A copy of `value` safe to log: secret-named keys dropped to a marker, strings scrubbed. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactString(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 6) return '[…]';
  if (value instanceof URL) return redactString(value.href);
  if (value instanceof Error) {
    const out: Record<string, unknown> = { name: value.name, message: redactString(value.message) };
    const code = (value as { code?: unknown }).code;
    if (typeof code === 'string') out.code = code;
    const error = (value as { error?: unknown }).error;
    if (typeof error === 'string') out.error = error;
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = SECRET_KEY.test(key) ? REDACTED : redact(v, depth + 1);
  return out;
}

export interface LoggerOptions {
  /** Lowest level written (default `info`, or `MYBUCKS_LOG_LEVEL`). */
  level?: LogLevel;
  /** Where lines go (default stderr). */
  write?: (line: string) => void;
  /** Prefix naming the component, e.g. "auth". */
  scope?: string;
  now?: () => Date;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const envLevel = process.env.MYBUCKS_LOG_LEVEL as LogLevel | undefined;
  const min = LEVELS.indexOf(options.level ?? (envLevel && LEVELS.includes(envLevel) ? envLevel : 'info'));
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const scope = options.scope ? `[${options.scope}] ` : '';
  const log = (level: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    if (LEVELS.indexOf(level) < min) return;
    const extra = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(redact(fields))}` : '';
    write(`${now().toISOString()} ${level.toUpperCase()} ${scope}${redactString(message)}${extra}`);
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** Discards everything (tests that do not look at logs). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
