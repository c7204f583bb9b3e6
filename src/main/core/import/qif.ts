import type { QifOptions, ParsedStatement } from './statement';
export function parseQif(_text: string, _opts: QifOptions): ParsedStatement { throw new Error('in progress'); }
