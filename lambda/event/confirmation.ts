/**
 * Before it acts, the handler confirms a custom-resource event with CloudFormation: whoever may invoke the function
 * could otherwise forge one (with this stack's own StackId, which is in the function's environment) to point a
 * preference at an endpoint of their choice (cXML carries the shared secret there), change it while no deployment runs,
 * or delete it. Stack and resource statuses: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/view-stack-events.html
 * ("Stack status codes", "Resource status codes").
 *
 * - Create or Update: the stack runs an operation that sends it, and the resource is `*_IN_PROGRESS` (CloudFormation
 *   waits on its event). Where unsure (CloudFormation cannot be read), refused.
 * - Delete: the stack is deleting, cleaning up or rolling back; in a cleanup, the physical id is not the resource's
 *   current one (a replaced resource's old id) unless the resource itself is being deleted. CloudFormation does not
 *   document every status it shows mid-operation, and a refused Delete leaves the stack stuck: where unsure, let through
 *   (the owner tag on the preference is still required: ownership.ts).
 */
import { StackResourceState, describeStack, describeStackResource } from '../aws/cloudformation';
import { sleep, tuning } from '../aws/deadline';
import type { CallContext } from '../aws/retry';

const CREATE_STATUSES: readonly string[] = ['CREATE_IN_PROGRESS', 'UPDATE_IN_PROGRESS'];
const UPDATE_STATUSES: readonly string[] = ['UPDATE_IN_PROGRESS', 'UPDATE_ROLLBACK_IN_PROGRESS'];
const DELETE_STATUSES: readonly string[] = [
  'DELETE_IN_PROGRESS', 'ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_IN_PROGRESS',
  'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
];
const CLEANUP_STATUSES: readonly string[] = ['UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS'];

export interface ConfirmedEvent {
  readonly RequestType: string;
  readonly StackId: string;
  readonly LogicalResourceId: string;
  readonly PhysicalResourceId?: string;
}

/**
 * `confirmed`; `refused` with why (the event gets a FAILED answer); or `unasked` when CloudFormation is not waiting
 * on this resource at all (a retry of an event already answered, or a forgery): no answer is sent.
 */
export type Verdict =
  | { readonly kind: 'confirmed'; readonly stackStatus?: string }
  | { readonly kind: 'refused' | 'unasked'; readonly why: string };

/** How often the statuses are read when they do not match yet. */
const READS = 3;

/**
 * The calls it makes: DescribeStacks and DescribeStackResource of the event's own stack, one each when they match.
 * When they do not, they are read twice more a moment apart before the event is refused: CloudFormation's own reads
 * may lag its sending the event, and an answer refused by mistake fails a deploy.
 */
export async function confirmWithCloudFormation(event: ConfirmedEvent, ctx: CallContext): Promise<Verdict> {
  let verdict = await confirmOnce(event, ctx);
  for (let read = 2; read <= READS && verdict.kind !== 'confirmed'; read++) {
    const waitMs = tuning().confirmRetryMs;
    if (ctx.deadline.workRemainingMs() < waitMs * 4) break;
    await sleep(waitMs);
    verdict = await confirmOnce(event, ctx);
  }
  return verdict;
}

async function confirmOnce(event: ConfirmedEvent, ctx: CallContext): Promise<Verdict> {
  let stack: { status: string } | undefined;
  let resource: StackResourceState | undefined;
  try {
    [stack, resource] = await Promise.all([
      describeStack(event.StackId, ctx), describeStackResource(event.StackId, event.LogicalResourceId, ctx),
    ]);
  } catch (error) {
    if (event.RequestType === 'Delete') return { kind: 'confirmed' };
    return { kind: 'refused', why: `CloudFormation could not confirm the event (${(error as Error).message})` };
  }
  const stackStatus = stack?.status ?? 'none (the stack does not exist)';
  const resourceStatus = resource?.status ?? 'none (the stack has no such resource)';
  const waiting = resource?.status.endsWith('_IN_PROGRESS') ?? false;
  const notSent = (why: string): Verdict => ({ kind: waiting ? 'refused' : 'unasked', why });
  switch (event.RequestType) {
    case 'Create':
    case 'Update': {
      const statuses = event.RequestType === 'Create' ? CREATE_STATUSES : UPDATE_STATUSES;
      if (!statuses.includes(stackStatus)) return notSent(`the stack is ${stackStatus}, in which CloudFormation sends no ${event.RequestType}`);
      if (!waiting) return notSent(`the resource ${event.LogicalResourceId} is ${resourceStatus}: CloudFormation is not waiting on it`);
      return { kind: 'confirmed', stackStatus };
    }
    case 'Delete': {
      if (!DELETE_STATUSES.includes(stackStatus)) return notSent(`the stack is ${stackStatus}, in which CloudFormation deletes nothing`);
      const current = resource?.physicalId !== undefined && resource.physicalId === event.PhysicalResourceId;
      if (CLEANUP_STATUSES.includes(stackStatus) && current && resource?.status !== 'DELETE_IN_PROGRESS') {
        return notSent(`the stack is ${stackStatus} and ${event.PhysicalResourceId} is the resource's current physical id, which a cleanup does not delete`);
      }
      return { kind: 'confirmed', stackStatus };
    }
    default:
      // Not an event CloudFormation sends: the dispatch refuses it without any call.
      return { kind: 'confirmed' };
  }
}
