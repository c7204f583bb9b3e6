/** User-readable: what is wrong, where (line N / element), what to do. */
export class StatementError extends Error {
  constructor(message: string, readonly where?: string) {
    super(message);
    this.name = 'StatementError';
  }
}
