/**
 * What the handler records on a preference about its secrets: for each secret-fed field, the secret reference it read
 * (as CloudFormation resolved it in the event) and the version it applied. One tag per field, written by the same call
 * that applies the value (Create's tags, or the TagResource after a Put), so the record is only ever written by an
 * event CloudFormation sent. The re-apply (reconcile.ts) reads it instead of the template: it never resolves a template
 * itself, so it can never apply a value CloudFormation did not.
 *
 * A tag value is `<version id> <secret ARN>[#<JSON field>]`: none of those is secret (a version id is a random label).
 */
import type { ResourceTag } from '@aws-sdk/client-invoicing';
import { SECRET_RECORD_TAG_PREFIX, TAG_VALUE_LENGTH } from '../../src/contract/constraints';
import type { SecretReference } from '../../src/contract/wire';
import { ReasonError } from '../aws/errors';
import type { PreferenceConfiguration } from '../parse/configuration';

/** The fields a secret can feed, as named in the record's tag key. */
export const SECRET_FIELDS = ['shared', 'test-shared', 'contacts'] as const;
export type SecretField = (typeof SECRET_FIELDS)[number];

/** The version recorded when the applied version is not known (re-apply switched on without a Put): never current. */
export const UNKNOWN_VERSION = '-';

export interface SecretRecord {
  readonly field: SecretField;
  readonly ref: SecretReference;
  readonly versionId: string;
}

export const recordTagKey = (field: SecretField): string => `${SECRET_RECORD_TAG_PREFIX}${field}`;
export const RECORD_TAG_KEYS: readonly string[] = SECRET_FIELDS.map(recordTagKey);

/** The secret references of a configuration, by the field each feeds. */
export function secretReferences(configuration: PreferenceConfiguration): Array<{ field: SecretField; ref: SecretReference }> {
  const refs: Array<{ field: SecretField; ref: SecretReference | undefined }> = [
    { field: 'shared', ref: configuration.SharedSecretRef },
    { field: 'test-shared', ref: configuration.TestEnvPreference?.SharedSecretRef },
    { field: 'contacts', ref: 'ref' in configuration.Contacts ? configuration.Contacts.ref : undefined },
  ];
  return refs.filter((r): r is { field: SecretField; ref: SecretReference } => r.ref !== undefined);
}

/** The record's tag: `<version id> <secret ARN>[#<JSON field>]`. */
export function recordTag(record: SecretRecord): ResourceTag {
  return {
    Key: recordTagKey(record.field),
    Value: `${record.versionId} ${record.ref.SecretArn}${record.ref.JsonField !== undefined ? `#${record.ref.JsonField}` : ''}`,
  };
}

/**
 * The record tags of a configuration just applied with the secret versions read (`versionIds`, by secret ARN). A
 * reference too long for a tag value is refused with what to do: the record is what makes re-applies possible.
 */
export function recordTags(configuration: PreferenceConfiguration, versionIds: ReadonlyMap<string, string>): ResourceTag[] {
  return secretReferences(configuration).map(({ field, ref }) => {
    const tag = recordTag({ field, ref, versionId: versionIds.get(ref.SecretArn) ?? UNKNOWN_VERSION });
    if (tag.Value!.length > TAG_VALUE_LENGTH.max) {
      throw new ReasonError(`the reference to secret ${ref.SecretArn}${ref.JsonField !== undefined ? ` (JSON field '${ref.JsonField.slice(0, 60)}')` : ''} `
        + `is too long to record for re-applies on rotation (a tag value holds ${TAG_VALUE_LENGTH.max} characters with the version id): `
        + 'use a shorter secret name or JSON field, or set reapplyOnSecretRotation to false', 'SecretReferenceTooLong');
    }
    return tag;
  });
}

/** The records among a preference's tags; a malformed one is left out (it is then re-applied at the next deploy). */
export function readRecords(tags: readonly ResourceTag[]): SecretRecord[] {
  const records: SecretRecord[] = [];
  for (const field of SECRET_FIELDS) {
    const value = tags.find((t) => t.Key === recordTagKey(field))?.Value;
    const match = value === undefined ? null : /^(\S+) (arn:[^\s#]+)(?:#(.+))?$/.exec(value);
    if (!match) continue;
    records.push({ field, versionId: match[1], ref: { SecretArn: match[2], ...(match[3] !== undefined ? { JsonField: match[3] } : {}) } });
  }
  return records;
}

/** The record keys a set of record tags leaves out: removed after a Put, so a dropped reference is not re-applied. */
export function unrecordedKeys(records: readonly ResourceTag[]): string[] {
  const kept = new Set(records.map((t) => t.Key));
  return RECORD_TAG_KEYS.filter((k) => !kept.has(k));
}

/** Where each field's reference sits in the properties CloudFormation sends. */
function referencedFields(raw: Record<string, unknown> | undefined): SecretField[] {
  const testEnv = raw?.TestEnvPreference as Record<string, unknown> | undefined;
  const present: Array<[SecretField, unknown]> = [
    ['shared', raw?.ProcurementPortalSharedSecretRef], ['test-shared', testEnv?.ProcurementPortalSharedSecretRef], ['contacts', raw?.ContactsRef],
  ];
  return present.filter(([, ref]) => ref !== undefined).map(([field]) => field);
}

const reapplies = (raw: Record<string, unknown> | undefined): boolean => String(raw?.ReapplyOnSecretRotation) !== 'false';

export interface RecordChanges {
  readonly toSet: ResourceTag[];
  readonly toRemove: string[];
}

/**
 * What an Update changes in the records: after a Put, the versions it applied (`versionIds`); when only
 * `reapplyOnSecretRotation` was switched on, the references with an unknown version (so the next pass applies them);
 * records of references no longer there, or of a preference whose re-apply was switched off, are removed.
 */
export function recordChanges(configuration: PreferenceConfiguration, reapply: boolean, oldRaw: Record<string, unknown> | undefined,
  put: boolean, versionIds: ReadonlyMap<string, string>): RecordChanges {
  if (!put && reapply === reapplies(oldRaw)) return { toSet: [], toRemove: [] };
  const toSet = reapply ? recordTags(configuration, put ? versionIds : new Map()) : [];
  const kept = new Set(toSet.map((t) => t.Key));
  return { toSet, toRemove: referencedFields(oldRaw).map(recordTagKey).filter((k) => !kept.has(k)) };
}
