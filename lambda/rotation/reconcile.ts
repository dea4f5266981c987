/**
 * One secret re-apply pass over the handler's stack: every preference whose recorded secret version (secret-record.ts)
 * is no longer the secret's AWSCURRENT gets one Put that changes only its secret-fed fields, everything else as the
 * service holds it now (Get). It reads nothing from the template, so it can only write values CloudFormation applied.
 *
 * It is a reconciliation, run by a rotation, by the stack settling and by a schedule (rotation.ts): a pass that finds
 * the stack busy (a deploy may be changing the very preference) writes nothing and waits for the next one.
 */
import { createHash } from 'node:crypto';
import type { ProcurementPortalPreference } from '@aws-sdk/client-invoicing';
import { RESERVED_TAG_KEY } from '../../src/contract/constraints';
import { StackPreference, StackState, describeStack, isSettled, stackPreferences } from '../aws/cloudformation';
import { ReasonError } from '../aws/errors';
import { PUT, RESOURCE_NOT_FOUND, getPreference, listPreferenceTags, putPreference, tagPreference } from '../aws/invoicing';
import type { Redactor } from '../aws/log';
import type { CallContext } from '../aws/retry';
import { SecretReader, currentVersionId } from '../aws/secrets';
import type { PreferenceConfigurationInput } from '../parse/configuration';
import { ownerOf } from '../preference/ownership';
import { configurationFromGet } from '../preference/put-from-get';
import { contactsFromSecret } from '../preference/resolve-configuration';
import { SecretRecord, readRecords, recordTag } from '../preference/secret-record';

export type PassContext = CallContext & { readonly redactor: Redactor; readonly stackId: string };

/** Preferences worked on at once: bounded, so twenty preferences of one secret do not meet the service's throttling all together. */
const CONCURRENCY = 4;

export interface PassResult {
  /** `busy`: the stack was not settled, nothing was written. `gone`: the stack no longer exists. */
  readonly outcome: 'done' | 'busy' | 'gone';
  readonly reapplied: string[];
  readonly current: number;
}

interface Tracked extends StackPreference {
  readonly records: SecretRecord[];
}

/** Runs `work` on every item, `limit` at a time; every item is tried, and the failures are returned. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<Array<{ item: T; error: unknown }>> {
  const failures: Array<{ item: T; error: unknown }> = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++];
      try {
        await work(item);
      } catch (error) {
        failures.push({ item, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return failures;
}

/** The stack's preferences this stack owns (its owner tag) that carry secret records. */
async function tracked(ctx: PassContext): Promise<Tracked[]> {
  const found: Tracked[] = [];
  const failures = await eachLimited(await stackPreferences(ctx.stackId, ctx), CONCURRENCY, async (preference) => {
    let tags;
    try {
      tags = await listPreferenceTags(preference.arn, ctx);
    } catch (error) {
      if ((error as ReasonError).code === RESOURCE_NOT_FOUND) return; // deleted outside CloudFormation: the next deploy re-creates it
      throw error;
    }
    const owner = tags.find((t) => t.Key === RESERVED_TAG_KEY)?.Value;
    if (owner !== ownerOf({ stackId: ctx.stackId, logicalResourceId: preference.logicalId })) {
      ctx.log.warn({
        logicalResourceId: preference.logicalId,
        physicalResourceId: preference.arn,
        outcome: 'skipped',
        message: `The preference does not carry this stack's owner tag (${RESERVED_TAG_KEY}): not re-applied`,
      });
      return;
    }
    const records = readRecords(tags);
    if (records.length > 0) found.push({ ...preference, records });
  });
  if (failures.length > 0) throw failed('reading the preferences\' records', failures.map((f) => [f.item.logicalId, f.error]));
  return found;
}

function failed(what: string, failures: Array<[string, unknown]>): ReasonError {
  return new ReasonError(`${what} failed for ${failures.map(([id, e]) => `${id}: ${(e as Error)?.message ?? String(e)}`).join('; ')}`, 'ReapplyFailed');
}

/** The configuration held now, with each stale field given its secret's current value (the others are current). */
async function withCurrentSecrets(held: ProcurementPortalPreference, records: readonly SecretRecord[],
  secrets: SecretReader): Promise<PreferenceConfigurationInput> {
  const input: Record<string, unknown> = { ...configurationFromGet(held) };
  for (const { field, ref } of records) {
    if (field === 'shared') {
      input.ProcurementPortalSharedSecret = await secrets.sharedSecret('ProcurementPortalSharedSecretRef', ref);
    } else if (field === 'test-shared' && held.TestEnvPreference) {
      const testEnv = (input.TestEnvPreference ?? {}) as Record<string, unknown>;
      input.TestEnvPreference = { ...testEnv, ProcurementPortalSharedSecret: await secrets.sharedSecret('TestEnvPreference.ProcurementPortalSharedSecretRef', ref) };
    } else if (field === 'contacts') {
      input.Contacts = await contactsFromSecret(secrets, 'ContactsRef', ref);
    }
  }
  return input as PreferenceConfigurationInput;
}

/** Never logged or answered: Get's answer holds the shared secrets and the contacts. */
function redactHeld(secrets: SecretReader, redactor: Redactor): (p: ProcurementPortalPreference) => void {
  return (p) => {
    redactor.add(p.ProcurementPortalSharedSecret);
    redactor.add(p.TestEnvPreference?.ProcurementPortalSharedSecret);
    secrets.redactContacts(p.Contacts ?? []);
  };
}

/**
 * One preference brought up to date: Get, the new values over it, a last check that no deploy started, Put, and the
 * record of the versions applied. A deploy that starts between that check and the Put can still be overwritten: the
 * check after the Put reports it (README, "Secret rotation").
 */
async function reapplyOne(preference: Tracked, current: ReadonlyMap<string, string>, stack: StackState, secrets: SecretReader,
  ctx: PassContext): Promise<boolean> {
  const log = { logicalResourceId: preference.logicalId, physicalResourceId: preference.arn };
  const stale = preference.records.filter((r) => current.get(r.ref.SecretArn) !== r.versionId);
  if (stale.length === 0) return false;
  let held: ProcurementPortalPreference;
  try {
    held = await getPreference(preference.arn, ctx, redactHeld(secrets, ctx.redactor));
  } catch (error) {
    if ((error as ReasonError).code === RESOURCE_NOT_FOUND) return false;
    throw error;
  }
  const input = await withCurrentSecrets(held, stale, secrets);
  const applied = new Map(preference.records.map((r) => [r.ref.SecretArn, secrets.versionIds.get(r.ref.SecretArn) ?? r.versionId]));
  const before = await describeStack(ctx.stackId, ctx);
  if (before?.version !== stack.version) throw new StackMovedError();
  const token = createHash('sha256').update(['reapply', preference.arn, String(held.Version ?? ''), ...[...applied.values()].sort()].join('|')).digest('hex');
  await putPreference({ ProcurementPortalPreferenceArn: preference.arn, ...input, ClientToken: token }, ctx);
  await tagPreference(preference.arn, preference.records.map((r) => recordTag({ ...r, versionId: applied.get(r.ref.SecretArn)! })), ctx);
  ctx.log.info({ ...log, operation: PUT, outcome: 're-applied', message: `Re-applied ${stale.map((r) => r.ref.SecretArn).join(', ')}` });
  return true;
}

/** The stack started an operation during the pass: its preferences are left to the pass that follows it. */
export class StackMovedError extends ReasonError {
  public constructor() {
    super('the stack started an operation during the re-apply', 'StackMoved');
  }
}

/** One pass; throws when a preference could not be brought up to date (the invocation then fails, visibly). */
export async function reconcile(ctx: PassContext): Promise<PassResult> {
  const stack = await describeStack(ctx.stackId, ctx);
  if (!stack || stack.status.startsWith('DELETE_')) return { outcome: 'gone', reapplied: [], current: 0 };
  if (!isSettled(stack.status)) {
    ctx.log.info({ outcome: 'waiting', message: `The stack is ${stack.status}: nothing re-applied now; the pass after its next status change does it` });
    return { outcome: 'busy', reapplied: [], current: 0 };
  }
  const preferences = await tracked(ctx);
  // One DescribeSecret per distinct secret, however many preferences share it.
  const arns = [...new Set(preferences.flatMap((p) => p.records.map((r) => r.ref.SecretArn)))];
  const current = new Map<string, string>();
  const unread = await eachLimited(arns, CONCURRENCY, async (arn) => {
    current.set(arn, await currentVersionId(arn, ctx) ?? '');
  });
  if (unread.length > 0) throw failed('DescribeSecret', unread.map((f) => [f.item, f.error]));

  const secrets = new SecretReader(ctx); // one GetSecretValue per secret for the whole pass
  const reapplied: string[] = [];
  let moved = false;
  const failures = await eachLimited(preferences, CONCURRENCY, async (preference) => {
    try {
      if (await reapplyOne(preference, current, stack, secrets, ctx)) reapplied.push(preference.logicalId);
    } catch (error) {
      if (!(error instanceof StackMovedError)) throw error;
      moved = true;
    }
  });
  if (failures.length > 0) throw failed('re-applying the secrets', failures.map((f) => [f.item.logicalId, f.error]));
  const after = await describeStack(ctx.stackId, ctx);
  if (after?.version !== stack.version && reapplied.length > 0) {
    throw new ReasonError(`a stack operation started while ${reapplied.join(', ')} were re-applied: a deploy that wrote one of them `
      + 'between the re-apply\'s last check and its Put may have been overwritten (see README, "Secret rotation")', 'StackMoved');
  }
  if (moved) ctx.log.info({ outcome: 'waiting', message: 'The stack started an operation: the pass after its next status change finishes' });
  return { outcome: moved ? 'busy' : 'done', reapplied, current: preferences.length - reapplied.length };
}
