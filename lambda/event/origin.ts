import { PREFERENCE_ARN_PATTERN } from '../../src/contract/constraints';
import { ENV_ACCOUNT_ID, ENV_STACK_ID, RESOURCE_TYPE } from '../../src/contract/wire';
import { oneLine } from '../aws/errors';

/** The parts of an event that say where it comes from and what it acts on. */
export interface EventOrigin {
  readonly StackId?: unknown;
  readonly ResourceType?: unknown;
  readonly PhysicalResourceId?: unknown;
}

const shown = (value: unknown): string => (typeof value === 'string' ? `'${oneLine(value, 300)}'` : 'none');

/**
 * Why the handler refuses an event, or undefined when it is its own stack's. Whoever may invoke the function could
 * otherwise point another preference of the account at an endpoint of their choice (cXML carries the shared secret
 * there) or delete it: the handler acts only for the stack it was deployed in (set by the construct in its
 * environment), on its own resource type, and on preferences of its own account.
 */
export function refusal(event: EventOrigin, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const ownStack = env[ENV_STACK_ID];
  const ownAccount = env[ENV_ACCOUNT_ID];
  if (!ownStack || !ownAccount) {
    return `the handler does not know the stack it serves (${ENV_STACK_ID} and ${ENV_ACCOUNT_ID} are not set in its environment), so it acts for none`;
  }
  if (event.StackId !== ownStack) {
    return `the event comes from stack ${shown(event.StackId)}, and this handler serves only stack '${ownStack}'`;
  }
  if (event.ResourceType !== RESOURCE_TYPE) {
    return `the event is for resource type ${shown(event.ResourceType)}, and this handler serves only ${RESOURCE_TYPE}`;
  }
  const physicalId = event.PhysicalResourceId;
  if (typeof physicalId === 'string' && PREFERENCE_ARN_PATTERN.test(physicalId) && physicalId.split(':')[4] !== ownAccount) {
    return `the physical id ${shown(physicalId)} is a preference of account ${physicalId.split(':')[4]}, and this handler manages only account ${ownAccount}'s`;
  }
  return undefined;
}
