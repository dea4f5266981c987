/**
 * What an account ready for a stack holds before its first deploy, made up from the stack itself: each portal its
 * preferences name, AWS's supplier ids in it (the declared ones, and for a `SupplierLookup` one made-up id,
 * `SIMULATED-<seller>[-<country>]`, so the lookup finds exactly one), and the invoice units the selectors name by ARN.
 * The local world seeds it; what AWS's real lists hold is what `doctor` checks against the account.
 */
import { referencedIds } from './cloudformation/deferred';
import type { StackInAssembly } from './cloudformation/template';
import type { InvoicingEmulator } from './emulators/invoicing';
import type { SeedSupplier } from './emulators/portal-catalog';
import { RESOURCE_TYPE } from '../src/contract/wire';

type Json = Record<string, any>;

const PORTAL_NAMES = ['SAP_BUSINESS_NETWORK', 'COUPA'] as const;

/** The made-up supplier id a lookup finds in the local world. */
export function simulatedSupplierId(lookup: { SellerOfRecord: string; CountryCode?: string }): string {
  return ['SIMULATED', lookup.SellerOfRecord, lookup.CountryCode].filter(Boolean).join('-');
}

export function seedAccountAsDeclared(stack: StackInAssembly, invoicing: InvoicingEmulator): void {
  const preferences = stack.customResources.filter((r) => r.type === RESOURCE_TYPE).map((r) => r.properties as Json);
  for (const name of PORTAL_NAMES) {
    const declared = preferences.filter((p) => p.ProcurementPortalName === name);
    if (declared.length === 0) continue;
    const suppliers = new Map<string, SeedSupplier>();
    for (const p of declared) {
      const lookup = p.SupplierLookup as { SellerOfRecord: string; CountryCode?: string } | undefined;
      const production: SeedSupplier = lookup
        ? { SupplierIdentifier: simulatedSupplierId(lookup), SellerOfRecord: lookup.SellerOfRecord, CountryCode: lookup.CountryCode ?? 'US', Environment: 'PROD' }
        : { SupplierIdentifier: String(p.SupplierIdentifier), SellerOfRecord: 'AWS', CountryCode: 'US', Environment: 'PROD' };
      suppliers.set(production.SupplierIdentifier, production);
      if (p.TestEnvPreference) {
        const id = String(p.TestEnvPreference.SupplierIdentifier);
        suppliers.set(id, { SupplierIdentifier: id, SellerOfRecord: 'AWS', Environment: 'TEST' });
      }
    }
    invoicing.catalog.seedPortal({
      PortalIdentifier: name.toLowerCase(),
      PortalName: name,
      DefaultFeatureConfigurations: { InvoiceConfiguration: { DocumentTypes: ['AWS_CLOUD_INVOICE', 'AWS_CLOUD_CREDIT_MEMO'] } },
    }, [...suppliers.values()]);
  }
  // Units the stack declares are created by its deploy; the ones named by ARN exist already.
  const named = preferences.flatMap((p) => (p.Selector?.InvoiceUnitArns ?? []) as string[]).filter((arn) => referencedIds(arn).length === 0);
  for (const arn of new Set(named)) {
    if (!invoicing.units.get(arn)) invoicing.units.seed({ InvoiceUnitArn: arn, Name: 'Finance', InvoiceReceiver: arn.split(':')[4] });
  }
}
