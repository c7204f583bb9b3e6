/**
 * UK Open Banking error bodies (`OBErrorResponse1`). In v4.0 `Errors[].ErrorCode` is a 4-character code of
 * the OB external code set (the spec's own examples are `U004`, `AC17`); the names below say which one.
 */
import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';

export const ErrorCode = {
  FieldInvalid: 'U002',
  FieldMissing: 'U003',
  FieldUnexpected: 'U004',
  HeaderInvalid: 'U005',
  InvalidDate: 'U007',
  ConsentMismatch: 'U008',
  InvalidConsentStatus: 'U009',
  ResourceInvalidFormat: 'U010',
  ResourceNotFound: 'U011',
  Unauthorised: 'U028',
  Forbidden: 'U029',
  NotAcceptable: 'U030',
  UnexpectedError: 'U000',
} as const;
export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

const TITLES: Record<number, string> = {
  400: '400 BadRequest',
  401: '401 Unauthorized',
  403: '403 Forbidden',
  404: '404 NotFound',
  405: '405 MethodNotAllowed',
  409: '409 Conflict',
  415: '415 UnsupportedMediaType',
  429: '429 TooManyRequests',
  500: '500 InternalServerError',
  503: '503 ServiceUnavailable',
};

export function errorBody(status: number, errorCode: ErrorCodeValue | string, message: string, path?: string) {
  return {
    Id: randomUUID(),
    Code: TITLES[status] ?? String(status),
    Message: message.slice(0, 500),
    Errors: [{ ErrorCode: errorCode, Message: message.slice(0, 500), ...(path ? { Path: path } : {}) }],
  };
}

export function sendError(res: Response, status: number, errorCode: ErrorCodeValue | string, message: string, path?: string): void {
  sendJson(res, status, errorBody(status, errorCode, message, path));
}

export function sendJson(res: Response, status: number, body: unknown): void {
  res.status(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
}

/** Echoes the caller's `x-fapi-interaction-id`, or mints one, on every response. */
export const interactionId: RequestHandler = (req, res, next) => {
  const given = req.get('x-fapi-interaction-id');
  res.setHeader('x-fapi-interaction-id', given && given.length <= 128 ? given : randomUUID());
  next();
};
