/**
 * One secret re-apply, preference by preference: which of the deployed stack's preferences reference the secret (their
 * template properties resolved and parsed as the handler receives them), and one Put each with the values read now,
 * checked with DescribeSecret before and after it, so an older value is never kept after a newer one.
 */
import { createHash } from 'node:crypto';
import { resolveConfiguration } from './configuration';
import { DeployedPreference, SettledStack, deployedPreferences } from './deployed-stack';
import { ReasonError } from './errors';
import { StackValues, UnresolvableError, resolveValue } from './intrinsics';
import { PUT, RESOURCE_NOT_FOUND, putPreference } from './invoicing';
import type { Redactor } from './log';
import { ParsedPreference, parseProperties } from './properties';
import type { CallContext } from './retry';
import { SecretReader, currentVersionId } from './secrets';
import { asReceived } from '../src/private/wire';

/** What a re-apply needs from its invocation: the budget, the log, and the redactor every value read joins. */
export type SecretContext = CallContext & { readonly redactor: Redactor };

/** Reads and Puts again when a secret moved meanwhile, this many times at most. */
const MAX_ATTEMPTS = 3;

export interface Affected extends Pick<DeployedPreference, 'logicalId' | 'physicalId'> {
  readonly parsed: ParsedPreference;
}

/** A complete secret ARN names the same secret as a reference that is complete, or partial (no `-XXXXXX` suffix). */
export function sameSecret(eventArn: string, referenced: string): boolean {
  return eventArn === referenced || (eventArn.length === referenced.length + 7 && eventArn.startsWith(`${referenced}-`));
}

/** The stack's preferences that reference the secret and want re-applies; each one left out says why in the log. */
export async function referencing(secretArn: string, stackId: string, stack: SettledStack, ctx: SecretContext): Promise<Affected[]> {
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

/** Whether a version read is no longer AWSCURRENT. */
async function moved(versionIds: ReadonlyMap<string, string>, ctx: SecretContext): Promise<boolean> {
  const current = await Promise.all([...versionIds].map(async ([arn, read]) => (await currentVersionId(arn, ctx)) === read));
  return current.includes(false);
}

/** Puts the preference with the secrets' current values; `eventId` makes the ClientToken of a retried event the same. */
export async function reapplyOne(eventId: string, secretArn: string, preference: Affected, ctx: SecretContext): Promise<void> {
  const log = { logicalResourceId: preference.logicalId, physicalResourceId: preference.physicalId };
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const secrets = new SecretReader(ctx); // a new reader: every value is read again
    const configuration = await resolveConfiguration(preference.parsed.configuration, { secrets });
    if (await moved(secrets.versionIds, ctx)) continue; // a newer value became current while reading
    const versions = [...secrets.versionIds.values()].sort();
    const token = createHash('sha256').update(['rotation', eventId, preference.physicalId, ...versions].join('|')).digest('hex');
    try {
      await putPreference({ ProcurementPortalPreferenceArn: preference.physicalId, ...configuration, ClientToken: token }, ctx);
    } catch (error) {
      if ((error as ReasonError).code !== RESOURCE_NOT_FOUND) throw error;
      ctx.log.warn({ ...log, operation: PUT, outcome: 'skipped', message: 'The preference no longer exists: the next deploy re-creates it' });
      return;
    }
    if (!await moved(secrets.versionIds, ctx)) {
      ctx.log.info({ ...log, operation: PUT, outcome: 're-applied', message: `Re-applied the current value of ${secretArn}` });
      return;
    }
  }
  throw new ReasonError(`its secrets kept changing during ${MAX_ATTEMPTS} attempts`, 'SecretKeptChanging');
}
