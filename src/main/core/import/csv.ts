import type { CsvMapping, CsvSniff, ParsedStatement } from './statement';
export function sniffCsv(_text: string): CsvSniff { throw new Error('in progress'); }
export function parseCsv(_text: string, _mapping: CsvMapping, _opts?: { onProgress?: (rows: number) => void }): ParsedStatement { throw new Error('in progress'); }
export function parseCsvStream(_chunks: AsyncIterable<string>, _mapping: CsvMapping, _onProgress?: (rows: number) => void): Promise<ParsedStatement> { throw new Error('in progress'); }
