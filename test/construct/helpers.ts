import * as cdk from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  PortalSecret,
  ProcurementPortalName,
  ProcurementPortalPreference,
  ProcurementPortalPreferenceProps,
} from 'cdk-procurement-portal';

export const RESOURCE_TYPE = 'Custom::ProcurementPortalPreference';

/** Values that must never appear in a template, an error message or a log line. */
export const CANARY_SECRET = 'canary-shared-secret-7f3a9c';
export const CANARY_EMAIL = 'canary.contact.5be1@example.com';
export const CANARY_NAME = 'Canary Contact 5be1';

export function newStack(id = 'Stack', props?: cdk.StackProps): cdk.Stack {
  const app = new cdk.App();
  return new cdk.Stack(app, id, props);
}

export function importedSecret(stack: cdk.Stack, name: string): secretsmanager.ISecret {
  return secretsmanager.Secret.fromSecretNameV2(stack, `Imported${name.replace(/[^a-zA-Z0-9]/g, '')}`, name);
}

/** The smallest valid props: an SAP Business Network preference that retrieves purchase orders. */
export function minimalProps(overrides: Partial<ProcurementPortalPreferenceProps> = {}): ProcurementPortalPreferenceProps {
  return {
    procurementPortalName: ProcurementPortalName.SAP_BUSINESS_NETWORK,
    buyerIdentifier: 'AN02000000001',
    supplierIdentifier: 'AN02000000002',
    purchaseOrderRetrievalEnabled: true,
    contacts: [{ name: 'Procurement', email: 'procurement@example.com' }],
    ...overrides,
  };
}

export function newPreference(
  stack: cdk.Stack,
  overrides: Partial<ProcurementPortalPreferenceProps> = {},
  id = 'Pref',
): ProcurementPortalPreference {
  return new ProcurementPortalPreference(stack, id, minimalProps(overrides));
}

export function secretOf(stack: cdk.Stack, name: string, jsonField?: string): PortalSecret {
  return PortalSecret.fromSecretsManager(importedSecret(stack, name), jsonField === undefined ? {} : { jsonField });
}

/** The one custom resource's properties in the template (fails when there is not exactly one). */
export function preferenceProperties(template: Template): Record<string, any> {
  const resources = Object.values(template.findResources(RESOURCE_TYPE));
  expect(resources).toHaveLength(1);
  return resources[0].Properties;
}

/** The message of the error `fn` throws (fails when it throws none). */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error, but none was thrown');
}
