/**
 * What a deploy does to each invoice unit, decided as the handler decides it (lambda/invoice-unit/): a change of Name or
 * InvoiceReceiver replaces the unit (guarded while a live preference selects it), anything else UpdateInvoiceUnit in
 * place; tags have their own calls.
 */
import type { FieldChange, PreferencePlan } from './decide';
import { hasToken } from './decide';
import { TemplatePreference } from './template';
import { receivedTags, diffTags } from '../../lambda/preference/diff';
import { INVOICE_UNIT_FIELDS, INVOICE_UNIT_IDENTITY_FIELDS, invoiceUnitFieldsOfRole, invoiceUnitWithDefaults } from '../../src/contract/invoice-unit';
import { asReceived } from '../../src/contract/wire';

const OWNER_READ = 'ListTagsForResource (the owner tag)';

function field(name: string, props: Record<string, unknown>): FieldChange {
  const role = (INVOICE_UNIT_FIELDS as Record<string, { role: string }>)[name]?.role;
  return { name, kind: role === 'identity' || role === 'tags' ? role : 'configuration', knownAtDeploy: hasToken(props[name]) };
}

const changed = (before: Record<string, unknown>, after: Record<string, unknown>, name: string): boolean =>
  JSON.stringify(before[name]) !== JSON.stringify(after[name]);

function planUnitChange(before: TemplatePreference, after: TemplatePreference): PreferencePlan {
  const [oldProps, newProps] = [invoiceUnitWithDefaults(asReceived(before.properties)), invoiceUnitWithDefaults(asReceived(after.properties))];
  const identity = INVOICE_UNIT_IDENTITY_FIELDS.filter((name) => changed(oldProps, newProps, name));
  const configuration = invoiceUnitFieldsOfRole('configuration').filter((name) => changed(oldProps, newProps, name));
  const tags = diffTags(receivedTags(oldProps), receivedTags(newProps));
  const base = { logicalId: after.logicalId, retained: false, mayReplace: INVOICE_UNIT_IDENTITY_FIELDS.some((n) => hasToken(after.properties[n])) };
  if (identity.length > 0) {
    const guarded = newProps.AllowReplacement !== 'true';
    return {
      ...base,
      action: 'replace',
      fields: [...identity, ...configuration].map((name) => field(name, after.properties)),
      calls: [OWNER_READ, 'GetInvoiceUnit', ...guarded ? ['ListProcurementPortalPreferences'] : [],
        'UpdateInvoiceUnit of the old one (when both declare an account)', 'CreateInvoiceUnit', `${OWNER_READ} and DeleteInvoiceUnit of the old one, in the cleanup`],
      notes: [
        'a new invoice unit, new ARN: the preferences that select it by reference get the new one (a Put each)',
        guarded ? 'refused (nothing changed) while a preference past PENDING_VERIFICATION selects it: set allowReplacement: true to allow it'
          : 'allowReplacement: true, replaced whatever selects it',
        'the accounts both declare move from the old unit to the new one (an account belongs to one unit only)',
      ],
      mayReplace: false,
    };
  }
  const fields = [...configuration, ...tags.toSet.length + tags.toRemove.length > 0 ? ['ResourceTags'] : []].map((name) => field(name, after.properties));
  return {
    ...base,
    action: fields.length > 0 ? 'update' : 'none',
    fields,
    calls: fields.length === 0 ? [] : [OWNER_READ, ...configuration.length > 0 ? ['UpdateInvoiceUnit'] : [],
      ...tags.toRemove.length > 0 ? [`UntagResource (${tags.toRemove.join(', ')})`] : [],
      ...tags.toSet.length > 0 ? [`TagResource (${tags.toSet.map((t) => t.Key).join(', ')})`] : []],
    notes: base.mayReplace ? ['may replace: Name or InvoiceReceiver known at deploy: a different resolved value replaces the unit'] : [],
  };
}

/** What a deploy from `before` to `after` does to each invoice unit, sorted by logical id. */
export function planInvoiceUnits(before: ReadonlyMap<string, TemplatePreference>,
  after: ReadonlyMap<string, TemplatePreference>): PreferencePlan[] {
  const ids = [...new Set([...before.keys(), ...after.keys()])].sort();
  return ids.map((id): PreferencePlan => {
    const old = before.get(id);
    const next = after.get(id);
    if (!old) {
      const adopt = next!.properties.AdoptExisting === true || next!.properties.AdoptExisting === 'true';
      return {
        logicalId: id,
        action: 'create',
        retained: false,
        mayReplace: false,
        fields: Object.keys(next!.properties).filter((k) => ['identity', 'configuration', 'tags'].includes(
          (INVOICE_UNIT_FIELDS as Record<string, { role: string }>)[k]?.role)).sort().map((k) => field(k, next!.properties)),
        calls: [...adopt ? ['ListInvoiceUnits (adoptExisting)'] : [], 'CreateInvoiceUnit'],
        notes: adopt ? ['adoptExisting: a unit of this name and receiver is taken over instead (ListTagsForResource, TagResource, '
          + 'ListTagsForResource, UpdateInvoiceUnit)'] : [],
      };
    }
    if (!next) {
      const retained = old.deletionPolicy === 'Retain' || old.deletionPolicy === 'RetainExceptOnCreate';
      return {
        logicalId: id,
        action: 'delete',
        retained,
        fields: [],
        mayReplace: false,
        calls: retained ? [] : [OWNER_READ, 'DeleteInvoiceUnit'],
        notes: [retained ? `retained (DeletionPolicy: ${old.deletionPolicy}): the unit stays, outside the stack` : 'the unit is deleted: its accounts belong to no unit'],
      };
    }
    return planUnitChange(old, next);
  });
}
