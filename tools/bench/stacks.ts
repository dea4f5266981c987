/**
 * The three stacks the synth benchmark compares, with the same preferences: this library's L2; aws-cdk-lib's native
 * L1 (`CfnProcurementPortalPreference`, aws_invoicing), the floor: it does strictly less; and the peer that does the
 * same job by hand, `AwsCustomResource` calling Create, Put and Delete. Each holds one secret created in the stack
 * (production shared secret, JSON field) and one imported by name (test environment shared secret).
 */
import { App, SecretValue, Stack, Tags } from 'aws-cdk-lib';
import { CfnProcurementPortalPreference } from 'aws-cdk-lib/aws-invoicing';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId, PhysicalResourceIdReference } from 'aws-cdk-lib/custom-resources';
import {
  ConnectionTestingMethod,
  EinvoiceAttachmentType,
  EinvoiceDocumentType,
  PortalSecret,
  ProcurementPortalName,
  ProcurementPortalPreference,
  ProcurementPortalPreferenceProps,
  PurchaseOrderDataSourceType,
} from '../../src';

export type Flavour = 'L2' | 'L1' | 'ACR';
export const FLAVOURS: readonly Flavour[] = ['L2', 'L1', 'ACR'];

/** What a CDK CLI `cdk synth` puts in the context (path and asset metadata on), without version reporting. */
export const CLI_CONTEXT: Readonly<Record<string, unknown>> = {
  'aws:cdk:enable-path-metadata': true,
  'aws:cdk:enable-asset-metadata': true,
  'aws:cdk:version-reporting': false,
};

export const ACTIVATION_DATE = new Date('2027-01-01T00:00:00Z');
export const TEST_SECRET_NAME = 'coupa/test-shared-secret';

/** Identifiers of preference `i`: distinct per preference (the API allows one per portal, buyer and supplier). */
export function identity(i: number): { buyer: string; supplier: string } {
  const n = String(i).padStart(6, '0');
  return { buyer: `AN01${n}001`, supplier: `AN01${n}002` };
}

export interface StackSecrets {
  readonly portal: secretsmanager.ISecret;
  readonly test: secretsmanager.ISecret;
}

export function addSecrets(stack: Stack): StackSecrets {
  return {
    portal: new secretsmanager.Secret(stack, 'PortalSecret'),
    test: secretsmanager.Secret.fromSecretNameV2(stack, 'TestSecret', TEST_SECRET_NAME),
  };
}

/**
 * A full Coupa preference: selector, shared secret (JSON field), endpoint, test environment with its own secret,
 * e-invoice delivery, one contact. Only what the L1 can express too (its selector has no sellerOfRecords).
 */
export function l2Props(i: number, secrets: StackSecrets): ProcurementPortalPreferenceProps {
  const { buyer, supplier } = identity(i);
  return {
    procurementPortalName: ProcurementPortalName.COUPA,
    buyerIdentifier: buyer,
    supplierIdentifier: supplier,
    selector: { invoiceUnitArns: [`arn:aws:invoicing::123456789012:invoice-unit/unit${i}`] },
    sharedSecret: PortalSecret.fromSecretsManager(secrets.portal, { jsonField: 'sharedSecret' }),
    instanceEndpoint: 'https://portal.example.com/cxml/invoices',
    testEnvironment: {
      buyerIdentifier: `${buyer}-T`,
      supplierIdentifier: `${supplier}-T`,
      sharedSecret: PortalSecret.fromSecretsManager(secrets.test),
      instanceEndpoint: 'https://test.portal.example.com/cxml/invoices',
    },
    einvoiceDelivery: {
      documentTypes: [EinvoiceDocumentType.AWS_CLOUD_INVOICE, EinvoiceDocumentType.AWS_CLOUD_CREDIT_MEMO],
      attachmentTypes: [EinvoiceAttachmentType.INVOICE_PDF],
      purchaseOrderDataSources: [{
        documentType: EinvoiceDocumentType.AWS_CLOUD_INVOICE,
        sourceType: PurchaseOrderDataSourceType.PURCHASE_ORDER_NOT_REQUIRED,
      }],
      connectionTestingMethod: ConnectionTestingMethod.TEST_ENV_REPLAY_TEST,
      activationDate: ACTIVATION_DATE,
    },
    purchaseOrderRetrievalEnabled: false,
    contacts: [{ name: 'Accounts payable', email: 'ap@example.com' }],
  };
}

/** The L1 with the same values. Its secrets must be strings: `{{resolve:secretsmanager:...}}` dynamic references. */
function addL1Preference(stack: Stack, i: number, secrets: StackSecrets): void {
  new CfnProcurementPortalPreference(stack, `Preference${i}`, l1Props(i, secrets));
}

function l1Props(i: number, secrets: StackSecrets) {
  const { buyer, supplier } = identity(i);
  return {
    procurementPortalName: 'COUPA',
    buyerDomain: 'NetworkID',
    buyerIdentifier: buyer,
    supplierDomain: 'NetworkID',
    supplierIdentifier: supplier,
    selector: { invoiceUnitArns: [`arn:aws:invoicing::123456789012:invoice-unit/unit${i}`] },
    procurementPortalSharedSecret: dynamicReference(secrets.portal, 'sharedSecret'),
    procurementPortalInstanceEndpoint: 'https://portal.example.com/cxml/invoices',
    testEnvPreference: {
      buyerDomain: 'NetworkID',
      buyerIdentifier: `${buyer}-T`,
      supplierDomain: 'NetworkID',
      supplierIdentifier: `${supplier}-T`,
      procurementPortalSharedSecret: dynamicReference(secrets.test),
      procurementPortalInstanceEndpoint: 'https://test.portal.example.com/cxml/invoices',
    },
    einvoiceDeliveryEnabled: true,
    einvoiceDeliveryPreference: {
      einvoiceDeliveryDocumentTypes: ['AWS_CLOUD_INVOICE', 'AWS_CLOUD_CREDIT_MEMO'],
      einvoiceDeliveryAttachmentTypes: ['INVOICE_PDF'],
      protocol: 'CXML',
      purchaseOrderDataSources: [{
        einvoiceDeliveryDocumentType: 'AWS_CLOUD_INVOICE',
        purchaseOrderDataSourceType: 'PURCHASE_ORDER_NOT_REQUIRED',
      }],
      connectionTestingMethod: 'TEST_ENV_REPLAY_TEST',
      einvoiceDeliveryActivationDate: ACTIVATION_DATE.toISOString(),
    },
    purchaseOrderRetrievalEnabled: false,
    contacts: [{ name: 'Accounts payable', email: 'ap@example.com' }],
    tags: [{ key: 'team', value: 'finance' }],
  };
}

/**
 * The same preference by hand with `AwsCustomResource`: the SDK calls' parameters are the API's members (PascalCase),
 * so the L1's values are reused through a key mapping. Its secrets can only be dynamic references, which CloudFormation
 * does not resolve inside custom-resource properties: the by-hand way cannot be deployed with a secret at all; its
 * bytes and synth time are what is compared.
 */
function addAcrPreference(stack: Stack, i: number, secrets: StackSecrets): void {
  const { tags, ...members } = l1Props(i, secrets);
  const configuration = pascalCase(members) as Record<string, unknown>;
  const identityMembers = ['ProcurementPortalName', 'BuyerDomain', 'BuyerIdentifier', 'SupplierDomain', 'SupplierIdentifier'];
  const putMembers = Object.fromEntries(Object.entries(configuration).filter(([k]) => !identityMembers.includes(k)));
  const arn = new PhysicalResourceIdReference();
  new AwsCustomResource(stack, `Preference${i}`, {
    onCreate: {
      service: 'Invoicing',
      action: 'CreateProcurementPortalPreference',
      parameters: { ...configuration, ResourceTags: tags.map((t) => ({ Key: t.key, Value: t.value })) },
      physicalResourceId: PhysicalResourceId.fromResponse('ProcurementPortalPreferenceArn'),
    },
    onUpdate: {
      service: 'Invoicing',
      action: 'PutProcurementPortalPreference',
      parameters: { ...putMembers, ProcurementPortalPreferenceArn: arn },
      physicalResourceId: PhysicalResourceId.fromResponse('ProcurementPortalPreferenceArn'),
    },
    onDelete: {
      service: 'Invoicing',
      action: 'DeleteProcurementPortalPreference',
      parameters: { ProcurementPortalPreferenceArn: arn },
    },
    policy: AwsCustomResourcePolicy.fromSdkCalls({ resources: AwsCustomResourcePolicy.ANY_RESOURCE }),
    installLatestAwsSdk: false,
  });
}

/** camelCase L1 property names to the API's PascalCase members, deeply (values untouched). */
function pascalCase(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pascalCase);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.charAt(0).toUpperCase() + k.slice(1), pascalCase(v)]));
  }
  return value;
}

/** `{{resolve:secretsmanager:<arn>:SecretString:<field>::}}`, as `SecretValue.secretsManager` renders it. */
function dynamicReference(secret: secretsmanager.ISecret, jsonField?: string): string {
  return SecretValue.secretsManager(secret.secretArn, { jsonField }).unsafeUnwrap();
}

/**
 * CloudFormation allows 500 resources per stack and the CDK refuses more at synth. With 500 preferences the L1 stack
 * has 501, the L2 stack 505 and the AwsCustomResource stack about 1,000 (a policy per call): the limit is lifted so
 * that N=500 can still be timed (none could be deployed).
 */
export const RESOURCE_LIMIT_CONTEXT = { '@aws-cdk/core:stackResourceLimit': 2000 };

/** One stack with `count` preferences of the given flavour, in a new App (not synthesized yet). */
export function buildApp(flavour: Flavour, count: number, outdir: string): App {
  const app = new App({ outdir, context: { ...CLI_CONTEXT, ...RESOURCE_LIMIT_CONTEXT } });
  const stack = new Stack(app, 'BenchStack', { env: { account: '123456789012', region: 'us-east-1' } });
  const secrets = addSecrets(stack);
  for (let i = 0; i < count; i++) {
    if (flavour === 'L1') {
      addL1Preference(stack, i, secrets);
    } else if (flavour === 'ACR') {
      addAcrPreference(stack, i, secrets);
    } else {
      // The L2 has no tags prop: tags reach it through Tags.of(), as in the README.
      const preference = new ProcurementPortalPreference(stack, `Preference${i}`, l2Props(i, secrets));
      Tags.of(preference).add('team', 'finance');
    }
  }
  return app;
}
