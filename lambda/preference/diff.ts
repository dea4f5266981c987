/**
 * Old and new properties compared as CloudFormation sent them, before any strict parsing: the old ones may be
 * invalid (the very update being rolled back) or from an older release, and must never block an update.
 */
import type { ResourceTag } from '@aws-sdk/client-invoicing';
import { IDENTITY_FIELDS, roleOf, withDefaults } from '../../src/contract/properties';
import { declaredSuspension, suspensionChange } from '../parse/activation-properties';
import type { RawProperties } from '../parse/received';

/**
 * Whether a change to the key calls for a Put: its role (src/contract/properties.ts) is configuration or secret. The
 * identity replaces, tags have their own calls, switches change what the handler may do, status properties drive the
 * status. A key without a role (a later release's) counts as configuration; CloudFormation's `ServiceToken` never.
 */
function isConfiguration(key: string): boolean {
  const role = roleOf(key);
  return role === undefined ? key !== 'ServiceToken' : role === 'configuration' || role === 'secret';
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record).sort().filter((k) => record[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical(record[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

// Every comparison first puts back the defaults a template leaves out (WIRE_DEFAULTS): a template of an earlier release,
// which rendered them, then compares equal to one that does not.

export function changedIdentityFields(oldProps: RawProperties, newProps: RawProperties): string[] {
  [oldProps, newProps] = [withDefaults(oldProps), withDefaults(newProps)];
  return IDENTITY_FIELDS.filter((field) => canonical(oldProps?.[field]) !== canonical(newProps?.[field]));
}

/**
 * The configuration's top-level properties whose value changed, sorted (secret references included: a new reference
 * means a new value to apply). Empty when a Put is not needed.
 */
export function changedConfigurationFields(oldProps: RawProperties, newProps: RawProperties): string[] {
  [oldProps, newProps] = [withDefaults(oldProps), withDefaults(newProps)];
  const keys = new Set([...Object.keys(oldProps ?? {}), ...Object.keys(newProps ?? {})]);
  return [...keys].filter(isConfiguration)
    .filter((k) => canonical(oldProps?.[k]) !== canonical(newProps?.[k]))
    .sort();
}

/** True when anything but the identity, tags and the handler's switches changed. */
export function configurationChanged(oldProps: RawProperties, newProps: RawProperties): boolean {
  return changedConfigurationFields(oldProps, newProps).length > 0;
}

/** Tags as received, leniently: entries that are not `{Key, Value}` strings are ignored. */
export function receivedTags(props: RawProperties): ResourceTag[] {
  const list = props?.ResourceTags;
  if (!Array.isArray(list)) return [];
  return list.filter((t): t is { Key: string; Value: string } =>
    typeof t?.Key === 'string' && typeof t?.Value === 'string').map((t) => ({ Key: t.Key, Value: t.Value }));
}

export interface TagChanges {
  /** Tags added or whose value changed. */
  readonly toSet: ResourceTag[];
  /** Keys no longer present. */
  readonly toRemove: string[];
}

export function diffTags(oldTags: ResourceTag[], newTags: ResourceTag[]): TagChanges {
  const before = new Map(oldTags.map((t) => [t.Key, t.Value]));
  const after = new Set(newTags.map((t) => t.Key));
  return {
    toSet: newTags.filter((t) => before.get(t.Key!) !== t.Value || !before.has(t.Key!)),
    toRemove: [...before.keys()].filter((k): k is string => k !== undefined && !after.has(k)),
  };
}

/** What an Update does, decided from the old and new properties alone: the handler and `plan` both call it. */
export type UpdateDecision =
  | { readonly action: 'replace'; readonly identityFields: string[] }
  | {
    readonly action: 'update' | 'none';
    readonly configurationFields: string[];
    readonly tags: TagChanges;
    /** The declared suspension changed: one UpdateProcurementPortalPreferenceStatus, no Put. */
    readonly statusChange: boolean;
  };

export function decideUpdate(oldProps: RawProperties, newProps: RawProperties): UpdateDecision {
  const identityFields = changedIdentityFields(oldProps, newProps);
  if (identityFields.length > 0) return { action: 'replace', identityFields };
  const configurationFields = changedConfigurationFields(oldProps, newProps);
  const tags = diffTags(receivedTags(oldProps), receivedTags(newProps));
  const statusChange = suspensionChange('', declaredSuspension(oldProps), declaredSuspension(newProps)) !== undefined;
  const changed = configurationFields.length + tags.toSet.length + tags.toRemove.length > 0 || statusChange;
  return { action: changed ? 'update' : 'none', configurationFields, tags, statusChange };
}
