/**
 * What happens to a preference's status around the lifecycle: the one-time validation code after a Create, and the
 * declared suspension (UpdateProcurementPortalPreferenceStatus) when it changes.
 */
import type { UpdateProcurementPortalPreferenceStatusRequest } from '@aws-sdk/client-invoicing';
import { LifecycleRequest, clientToken } from './request';
import { ReasonError, errorCode } from '../aws/errors';
import { DELETE, SEND_VALIDATION, UPDATE_STATUS, deletePreference, sendValidation, updateStatus } from '../aws/invoicing';
import { RESUMED, SUSPENDED, Suspension, suspensionChange } from '../parse/activation-properties';

/**
 * Sends the validation code. A failure never fails the deployment (the preference is fine and the code can be re-sent
 * from the command line): it becomes a warning in the log and a sentence of the Reason.
 */
export async function sendValidationCode(arn: string, req: LifecycleRequest): Promise<string> {
  try {
    await sendValidation(arn, clientToken(req, SEND_VALIDATION), req);
    req.log.info({ operation: SEND_VALIDATION, outcome: 'ok', physicalResourceId: arn });
    return `validation code sent to the portal: submit it with npx cdk-procurement-portal verify ${arn} --code <code>`;
  } catch (error) {
    const why = error instanceof ReasonError ? error.message : `${SEND_VALIDATION} failed: ${errorCode(error)}`;
    req.log.warn({
      operation: SEND_VALIDATION,
      outcome: 'failed',
      errorCode: error instanceof ReasonError ? error.code : errorCode(error),
      physicalResourceId: arn,
      message: 'The validation code was not sent; the preference itself is fine',
    });
    return `the validation code was NOT sent (${why}); the preference is fine: send it again with npx cdk-procurement-portal send-validation ${arn}`;
  }
}

function describeChange(input: Omit<UpdateProcurementPortalPreferenceStatusRequest, 'ClientToken'>): string {
  const parts: string[] = [];
  if (input.EinvoiceDeliveryPreferenceStatus) parts.push(`e-invoice delivery ${input.EinvoiceDeliveryPreferenceStatus === SUSPENDED ? 'suspended' : 'resumed'}`);
  if (input.PurchaseOrderRetrievalPreferenceStatus) parts.push(`purchase order retrieval ${input.PurchaseOrderRetrievalPreferenceStatus === SUSPENDED ? 'suspended' : 'resumed'}`);
  return parts.join(', ');
}

/**
 * Applies a change of the declared suspension, only when it changed. A refused transition fails with a Reason that
 * repeats what the service said and says what to do.
 */
export async function applySuspension(arn: string, previous: Suspension | undefined, next: Suspension | undefined,
  req: LifecycleRequest): Promise<string | undefined> {
  const input = suspensionChange(arn, previous, next);
  if (!input) return undefined;
  try {
    await updateStatus({ ...input, ClientToken: clientToken(req, UPDATE_STATUS) }, req);
  } catch (error) {
    if (!(error instanceof ReasonError)) throw error;
    const resuming = input.EinvoiceDeliveryPreferenceStatus === RESUMED || input.PurchaseOrderRetrievalPreferenceStatus === RESUMED;
    const advice = resuming
      ? `The service refused to resume (${describeChange(input)}), so the preference keeps its statuses: see them with npx cdk-procurement-portal status ${arn}. `
        + 'A feature that never reached ACTIVE cannot be resumed to it: declare suspended again, or complete its activation (send-validation, verify) first'
      : `The service refused the suspension (${describeChange(input)}), so the preference keeps its statuses: see them with npx cdk-procurement-portal status ${arn}`;
    throw new ReasonError(`${error.message}. ${advice}`, error.code);
  }
  req.log.info({ operation: UPDATE_STATUS, outcome: 'ok', physicalResourceId: arn, message: describeChange(input) });
  return describeChange(input);
}

/**
 * After a Create (or a replacement's Create): the code, then the declared suspension. A refused suspension undoes the
 * Create, so a preference that cannot reach the declared state is not left behind.
 */
export async function activateNew(arn: string, sendCode: boolean, suspended: Suspension | undefined, req: LifecycleRequest): Promise<string[]> {
  const notes: string[] = [];
  if (sendCode) notes.push(await sendValidationCode(arn, req));
  try {
    const applied = await applySuspension(arn, undefined, suspended, req);
    if (applied) notes.push(applied);
  } catch (error) {
    try {
      await deletePreference({ ProcurementPortalPreferenceArn: arn, ClientToken: clientToken(req, `${DELETE}-undo`) }, req);
    } catch (undoError) {
      const why = undoError instanceof ReasonError ? undoError.message : errorCode(undoError);
      throw new ReasonError(`${(error as Error).message}; the new preference ${arn} could not be deleted (${why}): delete it yourself`,
        (error as ReasonError).code);
    }
    throw new ReasonError(`${(error as Error).message}; the new preference ${arn} was deleted again`, (error as ReasonError).code);
  }
  return notes;
}
