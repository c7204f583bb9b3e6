// STUB: replaced by the resource-server work.
import type { Express } from 'express';
import type { BankRuntime, MockBankContext } from '../context';
export function mountResourceServer(_app: Express, _ctx: MockBankContext, _bank: BankRuntime): void {}
