import { readFileSync } from 'node:fs';
import { StatementError, decodeStatement } from '../../../src/main/core/import/statement';

export const bytes = (name: string): Buffer => readFileSync(new URL(`../../fixtures/import/${name}`, import.meta.url));
export const text = (name: string): string => decodeStatement(bytes(name));

/** The StatementError `fn` throws (fails the test when it returns or throws anything else). */
export function errorOf(fn: () => unknown): StatementError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatementError) return e;
    throw e;
  }
  throw new Error('expected a StatementError, but the call returned');
}
