import type { StatementChoice, ParsedStatement } from './statement';
export function parseCamt(_text: string, _opts?: StatementChoice): ParsedStatement { throw new Error('in progress'); }
