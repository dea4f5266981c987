/**
 * The handler's second entry mode: a secret a preference references got a new current value (Secrets Manager's own
 * "Secret Label Updated" EventBridge event, sent without any CloudTrail trail), so the preference gets a Put with the
 * new value and no template change. The desired configuration is the deployed template's, resolved again: it holds
 * secret ARNs, never a value.
 *
 * Ordering: the value is read at AWSCURRENT when the Put is built (never the event's version, which a later rotation
 * may have passed), a deploy in progress is waited for (it may be changing the very configuration), and around each Put
 * a DescribeSecret checks that the version read is still current, so an older value is not kept after a newer one.
 */
import { createHash } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { resolveConfiguration } from './configuration';
import { Deadline } from './deadline';
import { DeployedPreference, SettledStack, StackBusyError, deployedPreferences, settledStack } from './deployed-stack';
import { ReasonError } from './errors';
import { StackValues, UnresolvableError, resolveValue } from './intrinsics';
import { PUT, RESOURCE_NOT_FOUND, putPreference } from './invoicing';
import { Logger, Redactor } from './log';
import { ParsedPreference, parseProperties } from './properties';
import { CallContext } from './retry';
import { SecretReader, currentVersionId } from './secrets';

/** What the re-apply needs from its invocation: the budget, the log, and the redactor every value read joins. */
type SecretContext = CallContext & { readonly redactor: Redactor };
import { ENV_ACCOUNT_ID, ENV_STACK_ID, asReceived } from '../src/private/wire';

export const SECRET_EVENT_SOURCE = 'aws.secretsmanager';
export const SECRET_LABEL_UPDATED = 'Secret Label Updated';

/** Deploys that ran while re-applying, and secrets that moved again mid-Put, are followed this many times at most. */
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

/** A complete secret ARN names the same secret as a reference that is complete, or partial (no `-XXXXXX` suffix). */
export function sameSecret(eventArn: string, referenced: string): boolean {
  return eventArn === referenced || (eventArn.length === referenced.length + 7 && eventArn.startsWith(`${referenced}-`));
}

interface Rotation {
  readonly eventId: string;
  readonly secretArn: string;
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
  const rotation = { eventId: String(e.id ?? ''), secretArn: (e.resources as string[])[0] };
  const ctx = { deadline: Deadline.start(context), log, redactor };
  const stackId = process.env[ENV_STACK_ID] ?? '';
  try {
    await reapply(rotation, stackId, ctx);
  } catch (error) {
    const code = error instanceof StackBusyError ? 'StackBusy' : error instanceof ReasonError ? error.code : 'UnexpectedError';
    log.error({ outcome: 'failed', errorCode: code, message: `Secret ${rotation.secretArn} not re-applied: ${(error as Error).message}` });
    throw new Error(`The rotation of ${rotation.secretArn} was not re-applied everywhere; Lambda retries the event`);
  }
}

async function reapply(rotation: Rotation, stackId: string, ctx: SecretContext): Promise<void> {
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const stack = await settledStack(stackId, ctx);
    if (!stack) {
      ctx.log.info({ outcome: 'skipped', message: 'The stack is deleted or being deleted: nothing to re-apply' });
      return;
    }
    const affected = await referencing(rotation.secretArn, stackId, stack, ctx);
    const failures: string[] = [];
    for (const preference of affected) {
      try {
        await reapplyOne(rotation, preference, ctx);
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

interface Affected extends Pick<DeployedPreference, 'logicalId' | 'physicalId'> {
  readonly parsed: ParsedPreference;
}

/** The stack's preferences that reference the secret and want re-applies; each one left out says why in the log. */
async function referencing(secretArn: string, stackId: string, stack: SettledStack, ctx: SecretContext): Promise<Affected[]> {
  const { preferences, values } = await deployedPreferences(stackId, stack, ctx);
  const affected: Affected[] = [];
  for (const preference of preferences) {
    const parsed = parseDeployed(preference, values, ctx);
    if (!parsed || !secretArns(parsed).some((arn) => sameSecret(secretArn, arn))) continue;
    if (!parsed.options.reapplyOnSecretRotation) {
      ctx.log.info({ logicalResourceId: preference.logicalId, outcome: 'skipped', message: 'reapplyOnSecretRotation is false' });
      continue;
    }
    affected.push({ logicalId: preference.logicalId, physicalId: preference.physicalId, parsed });
  }
  ctx.log.info({ outcome: 'matched', message: `${affected.length} of ${preferences.length} preferences reference ${secretArn}` });
  return affected;
}

function parseDeployed(preference: DeployedPreference, values: StackValues, ctx: SecretContext): ParsedPreference | undefined {
  try {
    // As CloudFormation sends them to the handler: every scalar a string.
    return parseProperties(asReceived(resolveValue(preference.properties, values)));
  } catch (error) {
    if (!(error instanceof UnresolvableError || error instanceof ReasonError)) throw error;
    ctx.log.warn({
      logicalResourceId: preference.logicalId,
      outcome: 'skipped',
      message: `Not re-applied (the next deploy applies the value): ${error.message}`,
    });
    return undefined;
  }
}

function secretArns(parsed: ParsedPreference): string[] {
  const c = parsed.configuration;
  return [c.SharedSecretRef, c.TestEnvPreference?.SharedSecretRef, 'ref' in c.Contacts ? c.Contacts.ref : undefined]
    .flatMap((ref) => (ref ? [ref.SecretArn] : []));
}

/** Versions read that are no longer AWSCURRENT. */
async function moved(versionIds: ReadonlyMap<string, string>, ctx: SecretContext): Promise<string[]> {
  const checks = await Promise.all([...versionIds].map(async ([arn, read]) => ((await currentVersionId(arn, ctx)) === read ? [] : [arn])));
  return checks.flat();
}

async function reapplyOne(rotation: Rotation, preference: Affected, ctx: SecretContext): Promise<void> {
  const log = { logicalResourceId: preference.logicalId, physicalResourceId: preference.physicalId };
  for (let attempt = 1; attempt <= MAX_ROUNDS; attempt++) {
    const secrets = new SecretReader(ctx); // a new reader: every value is read again
    const configuration = await resolveConfiguration(preference.parsed.configuration, { secrets });
    const versionIds = secrets.versionIds;
    if ((await moved(versionIds, ctx)).length > 0) continue; // a newer value became current while reading
    const token = createHash('sha256').update(['rotation', rotation.eventId, preference.physicalId, ...[...versionIds.values()].sort()].join('|')).digest('hex');
    try {
      await putPreference({ ProcurementPortalPreferenceArn: preference.physicalId, ...configuration, ClientToken: token }, ctx);
    } catch (error) {
      if ((error as ReasonError).code !== RESOURCE_NOT_FOUND) throw error;
      ctx.log.warn({ ...log, operation: PUT, outcome: 'skipped', message: 'The preference no longer exists: the next deploy re-creates it' });
      return;
    }
    if ((await moved(versionIds, ctx)).length === 0) {
      ctx.log.info({ ...log, operation: PUT, outcome: 're-applied', message: `Re-applied the current value of ${rotation.secretArn}` });
      return;
    }
  }
  throw new ReasonError(`its secrets kept changing during ${MAX_ROUNDS} attempts`, 'SecretKeptChanging');
}
