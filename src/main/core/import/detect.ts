import type { StatementFormat } from './statement';
export function detectFormat(_head: Uint8Array, _fileName: string): StatementFormat | null { throw new Error('in progress'); }
