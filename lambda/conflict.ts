import type { ProcurementPortalPreferenceSummary } from '@aws-sdk/client-invoicing';
import { ApiCallError, ReasonError } from './errors';
import { CONFLICT, CREATE, LIST, listPreferencesPage } from './invoicing';
import type { PreferenceIdentity } from './properties';
import type { CallContext } from './retry';
import { IDENTITY_FIELDS } from '../src/private/constraints';

/** Create refused because the identity is taken; `existingId` is what the service named (an ARN, a bare id or nothing). */
export class AlreadyExistsError extends ReasonError {
  public static from(cause: ApiCallError): AlreadyExistsError {
    return new AlreadyExistsError(cause.message, cause.resourceId);
  }

  private constructor(private readonly causeMessage: string, public readonly existingId?: string, note?: string) {
    // Never adopt a preference this stack did not create: its owner would lose it on the next delete.
    super(`${CREATE} failed: a preference for this portal, buyer and supplier already exists outside this stack (${causeMessage}); `
      + `delete it, import it with fromProcurementPortalPreferenceArn, or set adoptExisting: true to take it over${note ? `; ${note}` : ''}`, CONFLICT);
  }

  /** The same Reason with one more clause (why the rollback check could not be made). */
  public withNote(note: string): AlreadyExistsError {
    return new AlreadyExistsError(this.causeMessage, this.existingId, note);
  }
}

/** True when the service's `resourceId` names the preference `arn`: the ARN itself or its bare id (last path segment). */
export function namesPreference(resourceId: string | undefined, arn: string): boolean {
  if (resourceId === undefined || resourceId === '') return false;
  return resourceId === arn || resourceId === arn.slice(arn.lastIndexOf('/') + 1);
}

export function holds(summary: ProcurementPortalPreferenceSummary, identity: PreferenceIdentity): boolean {
  return IDENTITY_FIELDS.every((field) => summary[field] === identity[field]);
}

/** The first summary that matches, page by page; every call is bounded by the deadline (retry.ts). */
export async function findSummary(match: (summary: ProcurementPortalPreferenceSummary) => boolean,
  ctx: CallContext): Promise<ProcurementPortalPreferenceSummary | undefined> {
  const seen = new Set<string>();
  let nextToken: string | undefined;
  do {
    const page = await listPreferencesPage(nextToken, ctx);
    const found = page.ProcurementPortalPreferences?.find(match);
    if (found) return found;
    nextToken = page.NextToken || undefined;
    if (nextToken !== undefined && seen.has(nextToken)) throw new ReasonError(`${LIST} returned the same NextToken twice`);
    if (nextToken !== undefined) seen.add(nextToken);
  } while (nextToken !== undefined);
  return undefined;
}

/** The ARN of the preference holding `identity`. */
export async function findHolder(identity: PreferenceIdentity, ctx: CallContext): Promise<string | undefined> {
  return (await findSummary((summary) => holds(summary, identity), ctx))?.ProcurementPortalPreferenceArn;
}

/**
 * Resolves when the Create of a replacement conflicted with the preference `arn` itself: CloudFormation's rollback of
 * a replacement whose Create failed (old and new swapped, the physical id unchanged). The ConflictException's
 * `resourceId` decides when it names `arn`; when it is missing or names something else (services differ), List does.
 * Otherwise rejects with `conflict`, plus why the check could not be made when List failed.
 */
export async function confirmConflictWithItself(conflict: AlreadyExistsError, arn: string, identity: PreferenceIdentity,
  ctx: CallContext): Promise<void> {
  if (namesPreference(conflict.existingId, arn)) return;
  let holder: string | undefined;
  try {
    holder = await findHolder(identity, ctx);
  } catch (error) {
    if (!(error instanceof ReasonError)) throw error;
    throw conflict.withNote(`could not check whether ${arn} itself holds it: ${error.message}`);
  }
  if (holder === undefined || !namesPreference(holder, arn)) {
    ctx.log.info({ operation: LIST, outcome: 'held-by-another', message: `The identity is held by ${holder ?? 'no listed preference'}` });
    throw conflict;
  }
}
