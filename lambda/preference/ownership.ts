/**
 * Which stack manages a preference is recorded on the preference itself, as one tag: `cdk-procurement-portal:owner`
 * (RESERVED_TAG_KEY) = `<region>/<stack name>/<logical id>` (a sha256 of it when longer than a tag value may be). Every
 * Create sets it, and an adoption sets it only after checking that nobody else holds it, so two stacks never manage
 * one preference.
 */
import { createHash } from 'node:crypto';
import type { ResourceTag } from '@aws-sdk/client-invoicing';
import { ADOPTED_TAG_KEY, RESERVED_TAG_KEY, TAG_VALUE_LENGTH, checkPreferenceArn } from '../../src/contract/constraints';
import { AlreadyExistsError, OwnedElsewhereError, ReasonError } from '../aws/errors';
import { findHolder, listPreferenceTags, tagPreference } from '../aws/invoicing';
import type { PreferenceIdentity } from '../aws/invoicing';
import type { CallContext } from '../aws/retry';

export interface OwnerRequest extends CallContext {
  readonly stackId: string;
  readonly logicalResourceId: string;
}

/** `arn:aws:cloudformation:<region>:<account>:stack/<name>/<guid>` -> `<region>/<name>/<logical id>`. */
export function ownerOf(req: Pick<OwnerRequest, 'stackId' | 'logicalResourceId'>): string {
  const [, , , region = '', , resource = ''] = req.stackId.split(':');
  const stackName = resource.split('/')[1] ?? req.stackId;
  const owner = `${region}/${stackName}/${req.logicalResourceId}`;
  return owner.length <= TAG_VALUE_LENGTH.max ? owner : `sha256:${createHash('sha256').update(owner).digest('hex')}`;
}

export function ownerTag(req: OwnerRequest): ResourceTag {
  return { Key: RESERVED_TAG_KEY, Value: ownerOf(req) };
}

function ownerTagOf(tags: readonly ResourceTag[]): string | undefined {
  return tags.find((t) => t.Key === RESERVED_TAG_KEY)?.Value;
}

/** The existing preference's ARN: the one the conflict names, or the holder of the identity that List finds. */
async function existingArn(conflict: AlreadyExistsError, identity: PreferenceIdentity, ctx: CallContext): Promise<string> {
  if (conflict.existingId !== undefined && checkPreferenceArn('resourceId', conflict.existingId) === undefined) {
    return conflict.existingId;
  }
  let holder: string | undefined;
  try {
    holder = await findHolder(identity, ctx);
  } catch (error) {
    if (!(error instanceof ReasonError)) throw error;
    throw conflict.withNote(`adoptExisting could not find it: ${error.message}`);
  }
  if (holder === undefined) throw conflict.withNote('adoptExisting could not find it with ListProcurementPortalPreferences');
  return holder;
}

/** A claimed preference: its ARN, and the tags it carries that the stack does not declare (to remove). */
export interface Claim {
  readonly arn: string;
  readonly undeclaredTagKeys: string[];
}

/**
 * Takes ownership of the preference that made Create conflict: refuses one another stack manages, tags it with this
 * resource's owner tag and the declared tags, then reads the tags again so that of two stacks adopting at the same
 * moment the one whose tag was overwritten stops before it changes the configuration.
 */
export async function claimExisting(conflict: AlreadyExistsError, identity: PreferenceIdentity, declared: readonly ResourceTag[],
  req: OwnerRequest): Promise<Claim> {
  const arn = await existingArn(conflict, identity, req);
  const mine = ownerOf(req);
  const before = await listPreferenceTags(arn, req);
  const owner = ownerTagOf(before);
  if (owner !== undefined && owner !== mine) throw new OwnedElsewhereError(arn, owner);
  // The adoption mark: the rollback of the deploy that adopted it keeps the preference (adoption-rollback.ts).
  await tagPreference(arn, [...declared, ownerTag(req), { Key: ADOPTED_TAG_KEY, Value: mine }], req);
  const after = await listPreferenceTags(arn, req);
  const ownerAfter = ownerTagOf(after);
  if (ownerAfter !== mine) throw new OwnedElsewhereError(arn, ownerAfter ?? 'another adopter (the owner tag was removed)');
  const keep = new Set([RESERVED_TAG_KEY, ADOPTED_TAG_KEY, ...declared.map((t) => t.Key)]);
  // Keys under aws: belong to AWS and cannot be removed.
  const undeclaredTagKeys = after.map((t) => t.Key!).filter((k) => k !== undefined && !keep.has(k) && !k.startsWith('aws:'));
  return { arn, undeclaredTagKeys };
}

/**
 * Every change to an existing preference (Put, Tag, Untag, UpdateStatus, Delete) needs this resource's owner tag on it:
 * a forged event that CloudFormation did confirm (during a real deployment) still cannot reach another stack's
 * preference. `missing` when the preference no longer exists; the tags when it is this resource's.
 */
export async function requireOwnership(arn: string, req: OwnerRequest): Promise<ResourceTag[] | 'missing'> {
  let tags: ResourceTag[];
  try {
    tags = await listPreferenceTags(arn, req);
  } catch (error) {
    if ((error as ReasonError).code === 'ResourceNotFoundException') return 'missing';
    throw error;
  }
  const owner = ownerTagOf(tags);
  if (owner !== ownerOf(req)) {
    throw new ReasonError(`Refused: ${arn} is ${owner === undefined ? 'not marked as managed by any stack' : `managed by ${owner}`} `
      + `(its tag ${RESERVED_TAG_KEY}), not by this resource (${ownerOf(req)}); nothing was changed`, 'NotOwner');
  }
  return tags;
}
