/**
 * The custom resource's entry point: refuses a foreign event or one CloudFormation does not confirm, dispatches on
 * RequestType, and sends exactly one response per event, before the Lambda function times out.
 */
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { Deadline } from './aws/deadline';
import { ReasonError, oneLine } from './aws/errors';
import { isInvoiceUnitArn } from './aws/invoice-units';
import { Logger, Redactor, external } from './aws/log';
import { SecretReader } from './aws/secrets';
import { CfnResponse, Delivery, sendResponse } from './event/cfn-response';
import { confirmWithCloudFormation } from './event/confirmation';
import { refusal } from './event/origin';
import { onCreateUnit, onDeleteUnit, onUpdateUnit } from './invoice-unit/lifecycle';
import type { RawProperties } from './parse/received';
import { onCreate, onDelete, onUpdate, isPreferenceArn } from './preference/lifecycle';
import { createRequestIdOf, failedCreateMarker, onDeleteAfterUnknownCreate } from './preference/recovery';
import { LifecycleRequest, LifecycleResult } from './preference/request';
import { isBusEvent, onBusEvent } from './rotation/bus-event';
import { INVOICE_UNIT_RESOURCE_TYPE } from '../src/contract/invoice-unit';

const MAX_REASON_LENGTH = 3_500;

/** What a malformed event may lack: read defensively, so even a broken event gets its one response. */
interface LooseEvent {
  readonly RequestType?: unknown;
  readonly ResponseURL?: unknown;
  readonly StackId?: unknown;
  readonly RequestId?: unknown;
  readonly LogicalResourceId?: unknown;
  readonly ResourceType?: unknown;
  readonly PhysicalResourceId?: unknown;
  readonly ResourceProperties?: unknown;
  readonly OldResourceProperties?: unknown;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const record = (value: unknown): RawProperties => (value && typeof value === 'object' ? value as Record<string, unknown> : undefined);

function dispatch(event: LooseEvent, req: LifecycleRequest): Promise<LifecycleResult> {
  const physicalId = typeof event.PhysicalResourceId === 'string' ? event.PhysicalResourceId : undefined;
  if (event.ResourceType === INVOICE_UNIT_RESOURCE_TYPE) return dispatchInvoiceUnit(event, physicalId, req);
  switch (event.RequestType) {
    case 'Create': return onCreate(record(event.ResourceProperties), req);
    case 'Update': return onUpdate(physicalId, record(event.ResourceProperties), record(event.OldResourceProperties), req);
    case 'Delete': {
      const createRequestId = createRequestIdOf(physicalId);
      return createRequestId === undefined ? onDelete(physicalId, record(event.ResourceProperties), req)
        : onDeleteAfterUnknownCreate(physicalId!, createRequestId, record(event.ResourceProperties), req);
    }
    default:
      return Promise.reject(new ReasonError(`Unknown RequestType '${oneLine(text(event.RequestType), 40)}': expected Create, Update or Delete`));
  }
}

function dispatchInvoiceUnit(event: LooseEvent, physicalId: string | undefined, req: LifecycleRequest): Promise<LifecycleResult> {
  switch (event.RequestType) {
    case 'Create': return onCreateUnit(record(event.ResourceProperties), req);
    case 'Update': return onUpdateUnit(physicalId, record(event.ResourceProperties), record(event.OldResourceProperties), req);
    case 'Delete': return onDeleteUnit(physicalId, record(event.ResourceProperties), req);
    default:
      return Promise.reject(new ReasonError(`Unknown RequestType '${oneLine(text(event.RequestType), 40)}': expected Create, Update or Delete`));
  }
}

/** What a Create or Update answers as its physical id on success: never anything but a valid ARN of its resource type. */
function checkedSuccess(event: LooseEvent, result: LifecycleResult): LifecycleResult {
  const unit = event.ResourceType === INVOICE_UNIT_RESOURCE_TYPE;
  const valid = unit ? isInvoiceUnitArn(result.physicalResourceId) : isPreferenceArn(result.physicalResourceId);
  if ((event.RequestType === 'Create' || event.RequestType === 'Update') && !valid) {
    throw new ReasonError(`the handler has no valid ${unit ? 'invoice unit' : 'preference'} ARN to answer `
      + `(got '${oneLine(result.physicalResourceId, 200)}'); nothing is reported as created`, 'InvalidPhysicalId');
  }
  return result;
}

/**
 * The function's entry point: a CloudFormation custom-resource event, or an EventBridge event that starts a secret
 * re-apply pass (rotation.ts).
 */
export async function handler(event: CloudFormationCustomResourceEvent, context: Context): Promise<void> {
  return isBusEvent(event) ? onBusEvent(event, context) : onCustomResourceEvent(event, context);
}

/**
 * The custom resource's events: runs the lifecycle step and sends exactly one response. A failed Update answers
 * with the request's own physical id, so CloudFormation's rollback can restore it. Throws only when the response
 * could not be delivered (5xx or network errors until the time ran out), so that Lambda's asynchronous retry sends
 * the event again: re-running it is safe, as every call's ClientToken is derived from the event.
 */
async function onCustomResourceEvent(event: CloudFormationCustomResourceEvent, context: Context): Promise<void> {
  const deadline = Deadline.start(context);
  const loose = (event ?? {}) as LooseEvent;
  const redactor = new Redactor();
  const log = new Logger({ requestType: text(loose.RequestType), logicalResourceId: text(loose.LogicalResourceId) }, redactor);
  const started = Date.now();
  let delivery: Delivery | undefined;
  try {
    let req: LifecycleRequest = {
      stackId: text(loose.StackId),
      logicalResourceId: text(loose.LogicalResourceId),
      requestId: text(loose.RequestId),
      deadline,
      log,
      redactor,
      secrets: new SecretReader({ deadline, log, redactor }),
    };
    const responseUrl = text(loose.ResponseURL);
    if (responseUrl === '') {
      log.error({ outcome: 'refused', message: 'The event has no ResponseURL: nothing done, no response can be sent' });
      return;
    }
    const requestPhysicalId = text(loose.PhysicalResourceId);
    let response: Omit<CfnResponse, 'StackId' | 'RequestId' | 'LogicalResourceId'>;
    let refused = refusal(loose);
    if (refused === undefined) {
      const verdict = await confirmWithCloudFormation({
        ...req,
        RequestType: text(loose.RequestType),
        StackId: req.stackId,
        LogicalResourceId: req.logicalResourceId,
        PhysicalResourceId: requestPhysicalId || undefined,
      }, req);
      if (verdict.kind === 'unasked') {
        // CloudFormation waits on no answer from this resource: a retry of an event already answered gets no second one.
        log.error({ physicalResourceId: requestPhysicalId, outcome: 'refused', errorCode: 'NotConfirmed', message: `Not answered: ${verdict.why}` });
        return;
      }
      if (verdict.kind === 'confirmed') req = { ...req, stackStatus: verdict.stackStatus };
      else refused = verdict.why;
    }
    if (refused !== undefined) {
      // Nothing is read or changed: not even the properties are parsed.
      log.error({ physicalResourceId: requestPhysicalId, outcome: 'refused', errorCode: 'ForeignEvent', message: `Refused: ${refused}` });
      response = { Status: 'FAILED', Reason: `Refused: ${refused}; nothing was changed`, PhysicalResourceId: requestPhysicalId || `refused-${req.requestId}` };
    } else {
      const timeout = deadline.lastResort();
      const work = dispatch(loose, req).then((result) => checkedSuccess(loose, result));
      work.catch(() => undefined); // may settle after the deadline answered: never an unhandled rejection
      try {
        const result = await Promise.race([work, timeout.promise]);
        response = {
          Status: 'SUCCESS',
          Reason: result.summary,
          PhysicalResourceId: result.physicalResourceId || requestPhysicalId || `no-preference-${req.requestId}`,
          ...(result.data ? { Data: result.data } : {}),
        };
      } catch (error) {
        const reason = error instanceof ReasonError ? error.message : `Unexpected error: ${external(String((error as Error)?.message ?? error))}`;
        log.error({ outcome: 'failed', errorCode: error instanceof ReasonError ? error.code : 'UnexpectedError', message: 'The request failed' });
        // A failed Create answers a marker: "nothing to delete", or "look for what it may have left" (recovery.ts).
        response = { Status: 'FAILED', Reason: reason, PhysicalResourceId: requestPhysicalId || failedCreateMarker(error, req.requestId) };
      } finally {
        timeout.cancel();
      }
    }
    log.info({ physicalResourceId: response.PhysicalResourceId, outcome: response.Status, durationMs: Date.now() - started });
    delivery = await sendResponse(responseUrl, {
      ...response,
      // Redacted first, then made one line and cut (the body's own 4 KB truncation follows).
      Reason: oneLine(redactor.redact(response.Reason), MAX_REASON_LENGTH),
      StackId: req.stackId,
      RequestId: req.requestId,
      LogicalResourceId: req.logicalResourceId,
    }, deadline, log);
  } catch (error) {
    // Only a defect gets here (every expected failure became a response above).
    log.error({ outcome: 'handler-error', errorCode: String((error as Error)?.name ?? 'Error'), message: 'Unexpected failure while answering' });
  }
  if (delivery === 'undelivered') {
    // Lambda retries a failed asynchronous invocation (twice): without this, CloudFormation would wait for an hour.
    throw new Error('The response to CloudFormation could not be delivered: failing the invocation so that Lambda retries the event');
  }
}
