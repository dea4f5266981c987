/**
 * Put's input from Get's answer: the configuration the service holds now, member by member, so a re-apply changes only
 * the secret-fed fields and keeps everything else as the last deploy wrote it. The table is typed by Put's input: a
 * member the SDK adds to Put fails `tsc` here until it is mapped.
 */
import type { ProcurementPortalPreference } from '@aws-sdk/client-invoicing';
import type { PreferenceConfigurationInput } from '../parse/configuration';

type FromGet = { readonly [K in keyof Required<PreferenceConfigurationInput>]: (p: ProcurementPortalPreference) => PreferenceConfigurationInput[K] };

const FROM_GET: FromGet = {
  Selector: (p) => p.Selector,
  ProcurementPortalSharedSecret: (p) => p.ProcurementPortalSharedSecret,
  ProcurementPortalInstanceEndpoint: (p) => p.ProcurementPortalInstanceEndpoint,
  // Get's test environment also reports the purchase-order endpoint the service assigned, which Put does not take.
  TestEnvPreference: (p) => {
    if (!p.TestEnvPreference) return undefined;
    const { PurchaseOrderRetrievalEndpoint: _assigned, ...input } = p.TestEnvPreference;
    return input as PreferenceConfigurationInput['TestEnvPreference'];
  },
  EinvoiceDeliveryEnabled: (p) => p.EinvoiceDeliveryEnabled,
  EinvoiceDeliveryPreference: (p) => p.EinvoiceDeliveryPreference,
  PurchaseOrderRetrievalEnabled: (p) => p.PurchaseOrderRetrievalEnabled,
  Contacts: (p) => p.Contacts,
};

/** Put's input (without the ARN and token) holding what Get answered; absent members stay absent. */
export function configurationFromGet(preference: ProcurementPortalPreference): PreferenceConfigurationInput {
  const input: Record<string, unknown> = {};
  for (const [member, read] of Object.entries(FROM_GET) as Array<[string, (p: ProcurementPortalPreference) => unknown]>) {
    const value = read(preference);
    if (value !== undefined) input[member] = value;
  }
  return input as PreferenceConfigurationInput;
}
