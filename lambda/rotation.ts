/**
 * The handler's second entry mode: a secret a preference references got a new current value (Secrets Manager's own
 * "Secret Label Updated" EventBridge event, sent without any CloudTrail trail), so the preference gets a Put with the
 * new value and no template change. The desired configuration is the deployed template's, resolved again: it holds
 * secret ARNs, never a value.
 *
 * Ordering: the value is read at AWSCURRENT when the Put is built (never the event's version, which a later rotation
 * may have passed), a deploy in progress is waited for (it may be changing the very configuration), a deploy that ran
 * meanwhile is followed by another round, and each Put is version-checked (reapply.ts).
 */
import type { Context } from 'aws-lambda';
import { Deadline } from './deadline';
import { StackBusyError, settledStack } from './deployed-stack';
import { ReasonError } from './errors';
import { Logger, Redactor } from './log';
import { SecretContext, reapplyOne, referencing } from './reapply';
import { ENV_ACCOUNT_ID, ENV_STACK_ID, SECRET_EVENT_SOURCE, SECRET_LABEL_UPDATED } from '../src/private/wire';

/** Deploys that ran while re-applying are followed this many times at most. */
const MAX_ROUNDS = 3;

interface LabelEvent {
  readonly 'id'?: unknown;
  readonly 'source'?: unknown;
  readonly 'detail-type'?: unknown;
  readonly 'account'?: unknown;
  readonly 'resources'?: unknown;
  readonly 'detail'?: { readonly labelUpdated?: unknown };
}

export function isSecretEvent(event: unknown): boolean {
  return (event as LabelEvent | undefined)?.source === SECRET_EVENT_SOURCE;
}

/** Why an event is not acted on, or `undefined` when it is a rotation of a secret in the handler's account. */
function ignored(event: LabelEvent): string | undefined {
  if (event['detail-type'] !== SECRET_LABEL_UPDATED) return `detail-type '${String(event['detail-type']).slice(0, 60)}' is not '${SECRET_LABEL_UPDATED}'`;
  if (event.detail?.labelUpdated !== 'AWSCURRENT') return 'the label moved is not AWSCURRENT';
  const account = process.env[ENV_ACCOUNT_ID];
  if (!account || event.account !== account) return 'the event comes from another account';
  const arn = Array.isArray(event.resources) ? event.resources[0] : undefined;
  if (typeof arn !== 'string' || !/^arn:[^:]+:secretsmanager:/.test(arn)) return 'the event names no secret ARN';
  return undefined;
}

/** Entry point for EventBridge: throws (so Lambda retries the event) when a preference could not be brought up to date. */
export async function onSecretRotated(event: unknown, context: Context): Promise<void> {
  const redactor = new Redactor();
  const log = new Logger({ requestType: 'SecretRotation' }, redactor);
  const e = (event ?? {}) as LabelEvent;
  const why = ignored(e);
  if (why !== undefined) {
    log.info({ outcome: 'ignored', message: `Event ignored: ${why}` });
    return;
  }
  const secretArn = (e.resources as string[])[0];
  try {
    await reapply(String(e.id ?? ''), secretArn, process.env[ENV_STACK_ID] ?? '', { deadline: Deadline.start(context), log, redactor });
  } catch (error) {
    const code = error instanceof StackBusyError ? 'StackBusy' : error instanceof ReasonError ? error.code : 'UnexpectedError';
    log.error({ outcome: 'failed', errorCode: code, message: `Secret ${secretArn} not re-applied: ${(error as Error).message}` });
    throw new Error(`The rotation of ${secretArn} was not re-applied everywhere; Lambda retries the event`);
  }
}

async function reapply(eventId: string, secretArn: string, stackId: string, ctx: SecretContext): Promise<void> {
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const stack = await settledStack(stackId, ctx);
    if (!stack) {
      ctx.log.info({ outcome: 'skipped', message: 'The stack is deleted or being deleted: nothing to re-apply' });
      return;
    }
    const failures: string[] = [];
    for (const preference of await referencing(secretArn, stackId, stack, ctx)) {
      try {
        await reapplyOne(eventId, secretArn, preference, ctx);
      } catch (error) {
        failures.push(`${preference.logicalId}: ${(error as Error).message}`);
      }
    }
    if (failures.length > 0) throw new ReasonError(failures.join('; '), 'ReapplyFailed');
    // A deploy that started meanwhile may have applied another configuration: the next round applies it again.
    if ((await settledStack(stackId, ctx))?.version === stack.version) return;
  }
  throw new ReasonError(`the stack kept changing during ${MAX_ROUNDS} rounds`, 'StackKeptChanging');
}
