import type { StatementFormat } from './statement';
export function decodeStatement(_bytes: Uint8Array, _format?: StatementFormat): string { throw new Error('in progress'); }
