// STUB: replaced by the sandbox/fault-injection work.
import type { FaultInjector } from './context';
export function createFaultInjector(): FaultInjector {
  return { middleware: () => (_req, _res, next) => next() };
}
