/**
 * A preference that existed before the stack adopted it (adoptExisting) survives the rollback of the deploy that
 * adopted it: CloudFormation's rollback sends Delete for every resource that deploy created, and for an adopted one
 * that would delete a customer's live connection. Its ARN, status and configuration (as the adoption wrote it) stay;
 * the stack's marks are removed, so a stack can adopt it again. Once the adopting deploy completed, the preference is
 * the stack's like any other: deleting the stack deletes it (or retains it, per removal policy).
 */
import type { ResourceTag } from '@aws-sdk/client-invoicing';
import { ownerOf } from './ownership';
import type { LifecycleRequest, LifecycleResult } from './request';
import { RECORD_TAG_KEYS } from './secret-record';
import { ADOPTED_TAG_KEY, RESERVED_TAG_KEY } from '../../src/contract/constraints';
import { describeStack } from '../aws/cloudformation';
import { ReasonError } from '../aws/errors';
import { untagPreference } from '../aws/invoicing';
import type { RawProperties } from '../parse/received';

/**
 * The statuses in which CloudFormation deletes what the failed operation created: a failed stack creation, and an
 * update rolling back (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/view-stack-events.html,
 * "Stack status codes"). A resource that existed before the operation gets an Update back, never a Delete.
 */
const ROLLBACK_STATUSES: readonly string[] = ['ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_IN_PROGRESS'];

/** Only a Delete whose properties asked for adoption can be the rollback of an adoption: others make no extra call. */
export function mayHaveAdopted(properties: RawProperties): boolean {
  return String(properties?.AdoptExisting) === 'true';
}

/** The result of keeping an adopted preference, or `undefined` when this Delete should delete it. */
export async function keepIfAdoptionRolledBack(arn: string, tags: readonly ResourceTag[],
  req: LifecycleRequest): Promise<LifecycleResult | undefined> {
  if (tags.find((t) => t.Key === ADOPTED_TAG_KEY)?.Value !== ownerOf(req)) return undefined;
  let status = req.stackStatus;
  try {
    status ??= (await describeStack(req.stackId, req))?.status;
  } catch (error) {
    // A live connection is never deleted on a guess: FAILED, and CloudFormation's retry of the Delete asks again.
    throw new ReasonError(`${arn} was adopted by this stack and existed before it; whether this Delete is the rollback of that adoption `
      + `could not be read from CloudFormation (${(error as Error).message}), so it was not deleted`, 'AdoptionUnconfirmed');
  }
  if (!ROLLBACK_STATUSES.includes(status ?? '')) return undefined;
  await untagPreference(arn, [RESERVED_TAG_KEY, ADOPTED_TAG_KEY, ...RECORD_TAG_KEYS], req);
  req.log.info({ physicalResourceId: arn, outcome: 'kept', message: `The stack is ${status}: the adopted preference is kept and released` });
  return {
    physicalResourceId: arn,
    summary: `Kept ${arn}: it existed before this stack adopted it and the deploy that adopted it rolled back; its configuration stays as the adoption wrote it`,
  };
}
