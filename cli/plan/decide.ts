import { TemplatePreference } from './template';
import { changedConfigurationFields, decideUpdate } from '../../lambda/preference/diff';
import { IDENTITY_FIELDS, roleOf } from '../../src/contract/properties';
import { asReceived } from '../../src/contract/wire';

export type Action = 'create' | 'update' | 'replace' | 'delete' | 'none';

export interface FieldChange {
  readonly name: string;
  readonly kind: 'identity' | 'configuration' | 'tags' | 'status';
  /** A value that CloudFormation resolves at deploy time (Ref, Fn::GetAtt, Fn::Join...): its value is not known here. */
  readonly knownAtDeploy: boolean;
}

export interface PreferencePlan {
  readonly logicalId: string;
  readonly action: Action;
  /** A delete that CloudFormation skips (`DeletionPolicy: Retain`): the preference stays, outside the stack. */
  readonly retained: boolean;
  readonly fields: FieldChange[];
  /** The API calls the handler makes for this change, in order. */
  readonly calls: string[];
  /** Short remarks a person must read: a restarted verification, the guard, adoption, tokens. */
  readonly notes: string[];
  /**
   * An update whose identity fields are resolved at deploy (a Ref, an import): a different resolved value replaces
   * the preference, which this preview cannot rule out (`--fail-on-replace` fails on it).
   */
  readonly mayReplace: boolean;
}

/** The owner tag read that precedes every change to an existing preference (the handler changes only its own). */
const OWNER_READ = 'ListTagsForResource (the owner tag)';

/**
 * A create lists the preference's own fields: not the handler's switches (they change what it may do, not the
 * preference), the layout's version or CloudFormation's `ServiceToken`.
 */
function isPreferenceField(key: string): boolean {
  const role = roleOf(key);
  return role !== undefined && role !== 'switch' && role !== 'metadata';
}
const CREATE = 'CreateProcurementPortalPreference';
/** The supplier check's reads before every Create (ListProcurementPortalSuppliers too, once the portal is listed). */
const SUPPLIER_CHECK = 'ListProcurementPortals (the supplier check)';
const PUT = 'PutProcurementPortalPreference';
const SEND = 'SendProcurementPortalValidation';
const UPDATE_STATUS = 'UpdateProcurementPortalPreferenceStatus';

/** True when a value holds an intrinsic function or a Ref somewhere: CloudFormation resolves it at deploy time. */
export function hasToken(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasToken);
  if (value === null || typeof value !== 'object') return false;
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) return true;
  return Object.values(value).some(hasToken);
}

function kindOf(name: string): FieldChange['kind'] {
  const role = roleOf(name);
  return role === 'identity' || role === 'status' || role === 'tags' ? role : 'configuration';
}

function field(name: string, props: Record<string, unknown>): FieldChange {
  return { name, kind: kindOf(name), knownAtDeploy: hasToken(props[name]) };
}

/** One GetSecretValue per distinct secret reference (the handler reads each secret once per event). */
function secretReads(props: Record<string, unknown>): string[] {
  const test = props.TestEnvPreference as Record<string, unknown> | undefined;
  const refs = [props.ProcurementPortalSharedSecretRef, test?.ProcurementPortalSharedSecretRef, props.ContactsRef]
    .filter((r): r is { SecretArn: unknown } => r !== undefined && r !== null && typeof r === 'object')
    .map((r) => JSON.stringify(r.SecretArn));
  return [...new Set(refs)].map(() => 'GetSecretValue');
}

const isTrue = (value: unknown): boolean => value === true || value === 'true';

/** What follows a Create (activation.ts): the validation code when asked for, then the declared suspension. */
function afterCreate(props: Record<string, unknown>): string[] {
  return [...(isTrue(props.SendValidationCode) ? [SEND] : []), ...(props.Suspended !== undefined ? [UPDATE_STATUS] : [])];
}

function planCreate(preference: TemplatePreference): PreferencePlan {
  const props = preference.properties;
  const notes = ['a new preference starts at PENDING_VERIFICATION'];
  if (isTrue(props.AdoptExisting)) {
    notes.push('adoptExisting: if this portal, buyer and supplier already has a preference, it is taken over instead '
      + `(ListTagsForResource, TagResource, ListTagsForResource, ${PUT}, UntagResource of undeclared tags)`);
  }
  return {
    logicalId: preference.logicalId,
    action: 'create',
    retained: false,
    fields: Object.keys(props).filter(isPreferenceField).sort()
      .map((k) => field(k, props)),
    calls: [SUPPLIER_CHECK, ...secretReads(props), CREATE, ...afterCreate(props)],
    notes,
    mayReplace: false,
  };
}

function planDelete(preference: TemplatePreference): PreferencePlan {
  const retained = preference.deletionPolicy === 'Retain' || preference.deletionPolicy === 'RetainExceptOnCreate';
  return {
    logicalId: preference.logicalId,
    action: 'delete',
    retained,
    fields: [],
    calls: retained ? [] : [OWNER_READ, 'DeleteProcurementPortalPreference'],
    notes: [retained ? `retained (DeletionPolicy: ${preference.deletionPolicy}): the preference stays, outside the stack`
      : 'the preference and its portal connection are deleted'],
    mayReplace: false,
  };
}

function planChange(before: TemplatePreference, after: TemplatePreference): PreferencePlan {
  // CloudFormation turns every scalar into a string before the handler sees it: compare what the handler compares.
  const oldProps = asReceived(before.properties);
  const newProps = asReceived(after.properties);
  const decision = decideUpdate(oldProps, newProps);
  const tokenNote = (fields: FieldChange[]): string[] => fields.some((f) => f.knownAtDeploy)
    ? [`known at deploy: ${fields.filter((f) => f.knownAtDeploy).map((f) => f.name).join(', ')} (CloudFormation resolves them)`] : [];
  if (decision.action === 'replace') {
    // The identity fields, then whatever else the new preference gets with them (it is created with all of it).
    const fields = [
      ...decision.identityFields.map((name) => field(name, after.properties)),
      ...changedConfigurationFields(oldProps, newProps).map((name) => field(name, after.properties)),
    ];
    const guarded = !isTrue(newProps.AllowReplacement);
    const oldKept = before.updateReplacePolicy === 'Retain';
    return {
      logicalId: after.logicalId,
      action: 'replace',
      retained: false,
      fields,
      calls: [...(guarded ? ['ListProcurementPortalPreferences'] : []), SUPPLIER_CHECK, ...secretReads(newProps), CREATE, ...afterCreate(newProps),
        ...oldKept ? ['none for the old one (UpdateReplacePolicy: Retain)'] : [`${OWNER_READ} and DeleteProcurementPortalPreference of the old one, in the cleanup`]],
      notes: [
        'verification restarts: a new preference, new ARN, PENDING_VERIFICATION until the portal is verified and tested again',
        guarded ? 'refused (nothing changed) if the current preference is past PENDING_VERIFICATION: set allowReplacement: true to allow it'
          : 'allowReplacement: true, replaced whatever its status',
        ...decision.identityFields.every((f) => f === 'SupplierIdentifier' || f === 'SupplierLookup')
        && decision.identityFields.includes('SupplierLookup')
          ? ['unless the lookup finds the supplier id the preference already has: then it is kept and updated in place'] : [],
        ...tokenNote(fields),
      ],
      mayReplace: false,
    };
  }
  const fields = [
    ...decision.configurationFields.map((name) => field(name, after.properties)),
    ...(decision.tags.toSet.length + decision.tags.toRemove.length > 0 ? [field('ResourceTags', after.properties)] : []),
    ...(decision.statusChange ? [field('Suspended', after.properties)] : []),
  ];
  const identityTokens = IDENTITY_FIELDS.filter((name) => hasToken(after.properties[name]));
  const put = decision.configurationFields.length > 0;
  const secretsRecorded = put && String(newProps.ReapplyOnSecretRotation) !== 'false' && secretReads(newProps).length > 0;
  const tagKeys = [...decision.tags.toSet.map((t) => t.Key), ...(secretsRecorded ? ['the secret versions applied'] : [])];
  const writes = put || tagKeys.length + decision.tags.toRemove.length > 0 || decision.statusChange;
  return {
    logicalId: after.logicalId,
    action: decision.action,
    retained: false,
    fields,
    // In the handler's order (lifecycle.ts): the owner tag, the Put, removed tags before added ones, the status.
    calls: [
      ...(writes ? [OWNER_READ] : []),
      ...(put ? [...secretReads(newProps), PUT] : []),
      ...(decision.tags.toRemove.length > 0 ? [`UntagResource (${decision.tags.toRemove.join(', ')})`] : []),
      ...(tagKeys.length > 0 ? [`TagResource (${tagKeys.join(', ')})`] : []),
      ...(decision.statusChange ? [`${UPDATE_STATUS} (the declared suspension changed)`] : []),
    ],
    notes: [
      ...tokenNote(fields),
      ...(identityTokens.length > 0 ? [`may replace: ${identityTokens.join(', ')} known at deploy: a different resolved value replaces the preference`] : []),
    ],
    mayReplace: identityTokens.length > 0,
  };
}

/** What a deploy from `before` to `after` does to each preference, sorted by logical id, decided by the handler's code. */
export function planPreferences(before: ReadonlyMap<string, TemplatePreference>,
  after: ReadonlyMap<string, TemplatePreference>): PreferencePlan[] {
  const ids = [...new Set([...before.keys(), ...after.keys()])].sort();
  return ids.map((id) => {
    const old = before.get(id);
    const next = after.get(id);
    if (!old) return planCreate(next!);
    if (!next) return planDelete(old);
    return planChange(old, next);
  });
}
