/**
 * The handler's errors, one hierarchy. A ReasonError's message is already the Reason CloudFormation shows: one
 * sentence, no stack trace, safe once the invocation's redactor has run over it. Each subclass is a failure that some
 * step tells apart from the others.
 */
import { external } from './log';
import { RESERVED_TAG_KEY } from '../../src/contract/constraints';

export class ReasonError extends Error {
  public constructor(message: string, public readonly code?: string) {
    super(message);
    this.name = 'ReasonError';
  }
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

/**
 * Retrying ended without an answer. `mayHaveApplied`: at least one attempt timed out, lost its connection, got a 5xx or
 * a 2xx answer without a usable result, so the service may have applied the call; throttling alone means it never did.
 */
export class RetriesExhaustedError extends ReasonError {
  public constructor(message: string, code: string, public readonly operation: string, public readonly mayHaveApplied: boolean) {
    super(message, code);
    this.name = 'RetriesExhaustedError';
  }
}

/** A failed Create the service may have applied: answered with a marker, so the rollback's Delete looks for it (recovery.ts). */
export class CreateOutcomeUnknownError extends ReasonError {
  /** The Reason of the failure itself, without what follows from it. */
  public readonly causeMessage: string;

  public constructor(cause: ReasonError) {
    super(`${cause.message}; the service may have created it: CloudFormation's rollback will look for it and delete it`, cause.code);
    this.name = 'CreateOutcomeUnknownError';
    this.causeMessage = cause.message;
  }
}

/** Create refused because the identity is taken; `existingId` is what the service named (an ARN, a bare id or nothing). */
export class AlreadyExistsError extends ReasonError {
  public static from(conflict: ApiCallError): AlreadyExistsError {
    return new AlreadyExistsError(conflict, conflict.resourceId);
  }

  private constructor(private readonly conflict: ApiCallError, public readonly existingId?: string, note?: string) {
    // Never adopt a preference this stack did not create: its owner would lose it on the next delete.
    super(`${conflict.operation} failed: a preference for this portal, buyer and supplier already exists outside this stack (${conflict.message}); `
      + `delete it, import it with fromProcurementPortalPreferenceArn, or set adoptExisting: true to take it over${note ? `; ${note}` : ''}`, conflict.code);
  }

  /** The same Reason with one more clause (why the check of the holder could not be made). */
  public withNote(note: string): AlreadyExistsError {
    return new AlreadyExistsError(this.conflict, this.existingId, note);
  }
}

export class ReplacementRefusedError extends ReasonError {
  public constructor(message: string) {
    super(message, 'ReplacementRefused');
    this.name = 'ReplacementRefusedError';
  }
}

/** adoptExisting met a preference whose owner tag names another stack or resource. */
export class OwnedElsewhereError extends ReasonError {
  public constructor(arn: string, owner: string, what = 'a preference') {
    super(`adoptExisting: ${arn} is already managed by ${owner} (its tag ${RESERVED_TAG_KEY}): ${what} is managed by `
      + 'one stack only; to move it, give it RemovalPolicy.RETAIN and remove it from that stack, then remove the tag '
      + `(aws invoicing untag-resource --resource-arn ${arn} --resource-tag-keys ${RESERVED_TAG_KEY}) and deploy again`, 'AlreadyManaged');
    this.name = 'OwnedElsewhereError';
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

/** `<Operation> failed: <ErrorCode>: <message>` plus the field list of a ValidationException (whole: see oneLine). */
export function describeFailure(operation: string, error: unknown): string {
  const e = (error ?? {}) as ErrorLike;
  const message = typeof error === 'string' ? error
    : typeof e.message === 'string' && e.message !== '' ? e.message : 'no message';
  const fields = Array.isArray(e.fieldList) && e.fieldList.length > 0
    ? ` (fields: ${external(e.fieldList.map((f: { name?: unknown; message?: unknown }) => `${String(f?.name ?? '?')}: ${String(f?.message ?? '')}`).join('; '))})`
    : '';
  // The message is the service's free text, which may echo what was submitted. The code is the API's own closed
  // vocabulary, shown as is: redacting a word of it would tell which word a secret is.
  return `${operation} failed: ${errorCode(error)}: ${external(message)}${fields}`;
}
