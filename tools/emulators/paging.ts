/**
 * How the emulated Invoicing list operations page: at most MaxResults items (100 when absent), an opaque NextToken
 * to go on, ValidationException for a token it did not give (the API reference's NextToken members).
 */
import { ServiceError } from './http';

export function pageOf<T>(items: readonly T[], body: Record<string, unknown>, defaultMax = 100): { items: T[]; next?: string } {
  const max = typeof body.MaxResults === 'number' ? body.MaxResults : defaultMax;
  let start = 0;
  if (typeof body.NextToken === 'string') {
    start = Number.parseInt(Buffer.from(body.NextToken, 'base64').toString('utf8'), 10);
    if (!Number.isInteger(start) || start < 0 || start > items.length) {
      throw new ServiceError(400, 'ValidationException', 'The NextToken is not valid',
        { reason: 'invalidNextToken', fieldList: [{ name: 'NextToken', message: 'Invalid token' }] });
    }
  }
  const next = start + max < items.length ? Buffer.from(String(start + max)).toString('base64') : undefined;
  return { items: items.slice(start, start + max), ...(next ? { next } : {}) };
}
