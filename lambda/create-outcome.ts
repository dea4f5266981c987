import { ReasonError } from './errors';
import { CREATE } from './invoicing';
import { RetriesExhaustedError } from './retry';

/**
 * The physical id of a Create whose outcome is unknown: every attempt timed out, lost its connection or got a 5xx, so
 * the service may have applied it. The Create's RequestId inside lets the rollback's Delete rebuild its ClientToken.
 */
const UNKNOWN_CREATE_PREFIX = 'create-unknown-';

export function unknownCreateMarker(createRequestId: string): string {
  return `${UNKNOWN_CREATE_PREFIX}${createRequestId}`;
}

/** The Create's RequestId when `physicalId` is an unknown-create marker, else undefined. */
export function createRequestIdOf(physicalId: string | undefined): string | undefined {
  if (!physicalId?.startsWith(UNKNOWN_CREATE_PREFIX)) return undefined;
  const requestId = physicalId.slice(UNKNOWN_CREATE_PREFIX.length);
  return requestId === '' ? undefined : requestId;
}

/** A failed Create the service may have applied: answered with the marker, so the rollback's Delete looks for it. */
export class CreateOutcomeUnknownError extends ReasonError {
  /** The Reason of the failure itself, without what follows from it. */
  public readonly causeMessage: string;

  public constructor(cause: ReasonError) {
    super(`${cause.message}; the service may have created it: CloudFormation's rollback will look for it and delete it`, cause.code);
    this.name = 'CreateOutcomeUnknownError';
    this.causeMessage = cause.message;
  }
}

/**
 * `error` as a CreateOutcomeUnknownError when the Create call itself may have been applied; definitive failures
 * (validation, conflict, access denied, throttling only, a secret fault before the call) are returned unchanged.
 */
export function classifyCreateFailure(error: unknown): unknown {
  return error instanceof RetriesExhaustedError && error.operation === CREATE && error.mayHaveApplied
    ? new CreateOutcomeUnknownError(error)
    : error;
}
