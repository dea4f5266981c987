import { external } from './redactor';

/**
 * Errors whose message is already a Reason for CloudFormation: one sentence, no stack trace, safe to show once the
 * invocation's redactor has run over it.
 */
export class ReasonError extends Error {
  public constructor(message: string, public readonly code?: string) {
    super(message);
    this.name = 'ReasonError';
  }
}

/**
 * White space (newlines included) collapsed, so a Reason stays one line, and cut at `max` characters. Applied once,
 * after redaction: cutting first could leave part of a secret that the redactor no longer recognizes.
 */
export function oneLine(text: string, max: number): string {
  const collapsed = text.replace(/\s+/g, ' ').trim();
  return collapsed.length > max ? `${collapsed.slice(0, max - 3)}...` : collapsed;
}

interface ErrorLike {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
  readonly fieldList?: unknown;
}

/** The API's error code (the exception's name), or a Node.js network code, or the error's class name. */
export function errorCode(error: unknown): string {
  const e = (error ?? {}) as ErrorLike;
  if (typeof e.name === 'string' && e.name !== 'Error') return e.name;
  if (typeof e.code === 'string') return e.code;
  return typeof e.name === 'string' ? e.name : 'UnknownError';
}

function fieldList(error: ErrorLike): string {
  if (!Array.isArray(error.fieldList) || error.fieldList.length === 0) return '';
  const fields = error.fieldList
    .map((field: { name?: unknown; message?: unknown }) => `${String(field?.name ?? '?')}: ${String(field?.message ?? '')}`)
    .join('; ');
  return ` (fields: ${external(fields)})`;
}

/** `<Operation> failed: <ErrorCode>: <message>` plus the field list of a ValidationException (whole: see oneLine). */
export function describeFailure(operation: string, error: unknown): string {
  const e = (error ?? {}) as ErrorLike;
  const message = typeof error === 'string' ? error
    : typeof e.message === 'string' && e.message !== '' ? e.message : 'no message';
  // The message is the service's free text, which may echo what was submitted. The code is the API's own closed
  // vocabulary, shown as is: redacting a word of it would tell which word a secret is.
  return `${operation} failed: ${errorCode(error)}: ${external(message)}${fieldList(e)}`;
}

/** An API call that failed for good; `code` lets the lifecycle tell "not found" and "conflict" apart. */
export class ApiCallError extends ReasonError {
  /** The resource the service says the error concerns (a ConflictException names the existing preference). */
  public readonly resourceId?: string;

  public constructor(public readonly operation: string, error: unknown) {
    super(describeFailure(operation, error), errorCode(error));
    this.name = 'ApiCallError';
    const resourceId = (error as { resourceId?: unknown })?.resourceId;
    if (typeof resourceId === 'string') this.resourceId = resourceId;
  }
}
