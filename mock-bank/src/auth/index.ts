// STUB: replaced by the authorization-server work.
import type { Express } from 'express';
import type { BankRuntime, MockBankContext } from '../context';
export async function mountAuthServer(_app: Express, _ctx: MockBankContext, _bank: BankRuntime): Promise<void> {}
export function mountPortal(_app: Express, _ctx: MockBankContext): void {}
export function mountHome(_app: Express, _ctx: MockBankContext): void {}
