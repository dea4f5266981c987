import type { ResourceTag } from '@aws-sdk/client-invoicing';
import { IDENTITY_FIELDS } from '../src/private/constraints';
import { ACTIVATION_PROPERTIES } from '../src/private/wire';

/**
 * Old and new properties compared as CloudFormation sent them, before any strict parsing: the old ones may be
 * invalid (the very update being rolled back) or from an older release, and must never block an update.
 */
type Raw = Record<string, unknown> | undefined;

/**
 * Keys that are not the preference's configuration: CloudFormation's own, tags (changed through their own calls), and
 * the status-driving properties (a validation code, a suspension: never a reason to Put).
 */
const NOT_CONFIGURATION = new Set<string>(['ServiceToken', 'ResourceTags', ...ACTIVATION_PROPERTIES]);

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record).sort().filter((k) => record[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical(record[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

export function changedIdentityFields(oldProps: Raw, newProps: Raw): string[] {
  return IDENTITY_FIELDS.filter((field) => oldProps?.[field] !== newProps?.[field]);
}

/** True when anything but tags changed (secret references included: a new reference means a new value to apply). */
export function configurationChanged(oldProps: Raw, newProps: Raw): boolean {
  const strip = (props: Raw) => Object.fromEntries(Object.entries(props ?? {}).filter(([k]) => !NOT_CONFIGURATION.has(k)));
  return canonical(strip(oldProps)) !== canonical(strip(newProps));
}

/** Tags as received, leniently: entries that are not `{Key, Value}` strings are ignored. */
export function receivedTags(props: Raw): ResourceTag[] {
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
