/**
 * Sandbox fault injection: the next N token or resource requests (optionally at one bank) fail in a chosen
 * way. Rules are consumed in the order they were added, one matching request at a time.
 */
import type { RequestHandler, Response } from 'express';
import type { FaultInjector, FaultTarget } from './context';
import { errorBody } from './rs/errors';

export const FAULT_KINDS = ['500', '503', '429', 'latency', 'malformed', 'truncated'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultSpec {
  target: FaultTarget;
  /** Only requests to this bank; every bank when absent. */
  bankId?: string;
  kind: FaultKind;
  count: number;
  /** 429 only (default 1). */
  retryAfterSeconds?: number;
  /** latency only (default 1000). */
  latencyMs?: number;
}

export class FaultQueue implements FaultInjector {
  private rules: FaultSpec[] = [];

  add(spec: FaultSpec): void {
    this.rules.push({ ...spec });
  }

  clear(): void {
    this.rules = [];
  }

  /** The rules still armed, with their remaining counts. */
  list(): FaultSpec[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** Consumes one count of the first rule matching the request, if any. */
  take(target: FaultTarget, bankId: string): FaultSpec | undefined {
    const rule = this.rules.find((r) => r.target === target && (!r.bankId || r.bankId === bankId) && r.count > 0);
    if (!rule) return undefined;
    rule.count -= 1;
    this.rules = this.rules.filter((r) => r.count > 0);
    return rule;
  }

  middleware(target: FaultTarget, bankId: string): RequestHandler {
    return (req, res, next) => {
      const fault = this.take(target, bankId);
      if (!fault) return next();
      if (fault.kind === 'latency') {
        holdAnswer(res, performance.now() + (fault.latencyMs ?? 1000));
        return next();
      }
      applyFailure(res, target, fault);
      req.resume();
    };
  }
}

/**
 * The answer leaves `latencyMs` after the request arrived, as a bank's answer that takes that long: the
 * request is handled at once and its end held back. (Handling it only after the wait added the mock's own
 * serving time, queued behind every other request that waited as long, to each request's latency.)
 */
function holdAnswer(res: Response, due: number): void {
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  res.end = ((...args: unknown[]) => {
    const wait = due - performance.now();
    if (wait <= 0) return end(...args);
    setTimeout(() => end(...args), wait);
    return res;
  }) as Response['end'];
}

function applyFailure(res: Response, target: FaultTarget, fault: FaultSpec): void {
  const json = 'application/json; charset=utf-8';
  switch (fault.kind) {
    case '500':
    case '503':
    case '429': {
      const status = Number(fault.kind);
      if (status === 429) res.setHeader('Retry-After', String(fault.retryAfterSeconds ?? 1));
      const body =
        target === 'token'
          ? { error: status === 503 || status === 429 ? 'temporarily_unavailable' : 'server_error', error_description: `injected ${status}` }
          : errorBody(status, status === 429 ? 'U031' : 'U000', `injected ${status} (sandbox fault)`);
      res.status(status).type(json).send(JSON.stringify(body));
      return;
    }
    case 'malformed':
      res.status(200).type(json).send('{"Data": {"Account": [{"AccountId": "broken", ');
      return;
    case 'truncated': {
      const body = Buffer.from(JSON.stringify({ Data: { note: 'this body is cut short by the sandbox' } }));
      res.writeHead(200, { 'Content-Type': json, 'Content-Length': String(body.length + 512) });
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
      return;
    }
  }
}

/**
 * Parses a CLI fault flag `target:kind[=param]:count[:bankId]`, e.g. `resource:429=5:2`
 * (two 429s with Retry-After 5), `token:latency=3000:1:memorial`, `resource:truncated:1`.
 */
export function parseFaultSpec(text: string): FaultSpec {
  const [target, kindPart, countPart, bankId] = text.split(':');
  const [kind, param] = (kindPart ?? '').split('=');
  const count = Number(countPart ?? '1');
  if (target !== 'token' && target !== 'resource') throw new Error(`fault target must be token or resource: ${text}`);
  if (!(FAULT_KINDS as readonly string[]).includes(kind)) throw new Error(`fault kind must be one of ${FAULT_KINDS.join(', ')}: ${text}`);
  if (!Number.isInteger(count) || count < 1) throw new Error(`fault count must be a positive integer: ${text}`);
  const spec: FaultSpec = { target, kind: kind as FaultKind, count, ...(bankId ? { bankId } : {}) };
  if (param !== undefined) {
    const n = Number(param);
    if (!Number.isFinite(n) || n < 0) throw new Error(`fault parameter must be a number: ${text}`);
    if (kind === '429') spec.retryAfterSeconds = n;
    else if (kind === 'latency') spec.latencyMs = n;
  }
  return spec;
}

export function createFaultInjector(): FaultQueue {
  return new FaultQueue();
}
