import { INVOICE_UNIT_ARN_PATTERN, PREFERENCE_ARN_PATTERN } from '../../src/contract/constraints';
import { INVOICE_UNIT_RESOURCE_TYPE } from '../../src/contract/invoice-unit';
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
  if (event.ResourceType !== RESOURCE_TYPE && event.ResourceType !== INVOICE_UNIT_RESOURCE_TYPE) {
    return `the event is for resource type ${shown(event.ResourceType)}, and this handler serves only ${RESOURCE_TYPE} and ${INVOICE_UNIT_RESOURCE_TYPE}`;
  }
  const physicalId = event.PhysicalResourceId;
  const kind = typeof physicalId !== 'string' ? undefined
    : PREFERENCE_ARN_PATTERN.test(physicalId) ? 'a preference' : INVOICE_UNIT_ARN_PATTERN.test(physicalId) ? 'an invoice unit' : undefined;
  if (kind !== undefined && (physicalId as string).split(':')[4] !== ownAccount) {
    return `the physical id ${shown(physicalId)} is ${kind} of account ${(physicalId as string).split(':')[4]}, and this handler manages only account ${ownAccount}'s`;
  }
  return undefined;
}
