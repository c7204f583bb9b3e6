import type { OfxOptions, ParsedStatement } from './statement';
export function parseOfx(_text: string, _opts?: OfxOptions): ParsedStatement { throw new Error('in progress'); }
