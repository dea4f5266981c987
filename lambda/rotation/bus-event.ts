/**
 * The handler's second entry mode: EventBridge events that start a secret re-apply pass (reconcile.ts) over its stack.
 * - Secrets Manager's own "Secret Label Updated" (AWSCURRENT moved: a rotation, PutSecretValue, UpdateSecret with a
 *   value), sent without any CloudTrail trail;
 * - CloudFormation's "CloudFormation Stack Status Change" of its own stack, once an operation completed: a pass that
 *   found the stack busy wrote nothing, and this one finishes its work;
 * - the schedule: a secret of another region or account (whose events reach another bus) and a pass whose retries
 *   ran out are caught up with.
 * Each event only starts a pass; what is written comes from the records and the service, never from the event, so a
 * forged event can at most make a pass run early.
 */
import type { Context } from 'aws-lambda';
import { reconcile } from './reconcile';
import {
  ENV_ACCOUNT_ID, ENV_STACK_ID, SCHEDULED_EVENT, SCHEDULE_EVENT_SOURCE, SECRET_EVENT_SOURCE, SECRET_LABEL_UPDATED, SETTLED_STACK_STATUSES,
  STACK_EVENT_SOURCE, STACK_STATUS_CHANGE,
} from '../../src/contract/wire';
import { Deadline } from '../aws/deadline';
import { ReasonError } from '../aws/errors';
import { Logger, Redactor } from '../aws/log';

interface BusEvent {
  readonly 'id'?: unknown;
  readonly 'source'?: unknown;
  readonly 'detail-type'?: unknown;
  readonly 'account'?: unknown;
  readonly 'resources'?: unknown;
  readonly 'detail'?: {
    readonly 'labelUpdated'?: unknown;
    readonly 'stack-id'?: unknown;
    readonly 'status-details'?: { readonly status?: unknown };
  };
}

const SOURCES: readonly unknown[] = [SECRET_EVENT_SOURCE, STACK_EVENT_SOURCE, SCHEDULE_EVENT_SOURCE];

/** An EventBridge event (of a source the construct's rules send), not a CloudFormation custom-resource event. */
export function isBusEvent(event: unknown): boolean {
  return SOURCES.includes((event as BusEvent | undefined)?.source) && (event as { RequestType?: unknown }).RequestType === undefined;
}

/** Why an event starts no pass, or `undefined` when it does. */
function ignored(event: BusEvent, stackId: string): string | undefined {
  const account = process.env[ENV_ACCOUNT_ID];
  if (!account || event.account !== account) return 'the event comes from another account';
  const type = String(event['detail-type']).slice(0, 60);
  switch (event.source) {
    case SECRET_EVENT_SOURCE:
      if (type !== SECRET_LABEL_UPDATED) return `detail-type '${type}' is not '${SECRET_LABEL_UPDATED}'`;
      if (event.detail?.labelUpdated !== 'AWSCURRENT') return 'the label moved is not AWSCURRENT';
      if (!Array.isArray(event.resources) || !/^arn:[^:]+:secretsmanager:/.test(String(event.resources[0]))) return 'the event names no secret ARN';
      return undefined;
    case STACK_EVENT_SOURCE:
      if (type !== STACK_STATUS_CHANGE) return `detail-type '${type}' is not '${STACK_STATUS_CHANGE}'`;
      if (event.detail?.['stack-id'] !== stackId) return 'the event is about another stack';
      if (!(SETTLED_STACK_STATUSES as readonly unknown[]).includes(event.detail?.['status-details']?.status)) return 'the stack did not complete an operation';
      return undefined;
    default:
      return type === SCHEDULED_EVENT ? undefined : `detail-type '${type}' is not '${SCHEDULED_EVENT}'`;
  }
}

/** Entry point for EventBridge: throws (so Lambda retries, and the function's Errors metric shows it) when a pass failed. */
export async function onBusEvent(event: unknown, context: Context): Promise<void> {
  const redactor = new Redactor();
  const log = new Logger({ requestType: 'SecretReapply' }, redactor);
  const e = (event ?? {}) as BusEvent;
  const stackId = process.env[ENV_STACK_ID] ?? '';
  const why = ignored(e, stackId);
  if (why !== undefined) {
    log.info({ outcome: 'ignored', message: `Event ignored: ${why}` });
    return;
  }
  try {
    const result = await reconcile({ deadline: Deadline.start(context), log, redactor, stackId });
    log.info({ outcome: result.outcome, message: `Re-applied ${result.reapplied.length} preference(s)${result.reapplied.length ? `: ${result.reapplied.join(', ')}` : ''}; ${result.current} up to date` });
  } catch (error) {
    const code = error instanceof ReasonError ? error.code : 'UnexpectedError';
    log.error({ outcome: 'failed', errorCode: code, message: `Secret re-apply failed: ${(error as Error).message}` });
    throw new Error('The secret re-apply did not bring every preference up to date; Lambda retries the event');
  }
}
