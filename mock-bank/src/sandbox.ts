// STUB: replaced by the sandbox-controls work.
import type { Express } from 'express';
import type { MockBankContext } from './context';
export function mountSandbox(_app: Express, _ctx: MockBankContext): void {}
