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
import { CREATE, DELETE, PUT } from '../../lambda/aws/invoicing';
import { PortalSecret, ProcurementPortalPreference, ProcurementPortalPreferenceProps } from '../../src';
import { IDENTITY_FIELDS } from '../../src/contract/properties';
import { coupaProps, coupaRequest } from '../../test/fixtures';

export type Flavour = 'L2' | 'L1' | 'ACR';
export const FLAVOURS: readonly Flavour[] = ['L2', 'L1', 'ACR'];

/** What a CDK CLI `cdk synth` puts in the context (path and asset metadata on), without version reporting. */
export const CLI_CONTEXT: Readonly<Record<string, unknown>> = {
  'aws:cdk:enable-path-metadata': true,
  'aws:cdk:enable-asset-metadata': true,
  'aws:cdk:version-reporting': false,
};

export const TEST_SECRET_NAME = 'coupa/test-shared-secret';
const CONTACTS = [{ Name: 'Accounts payable', Email: 'ap@example.com' }];

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
 * Preference `i`: the contract's Coupa preference (test/fixtures.ts) with identifiers and an invoice unit of its own,
 * and only what the L1 can express too (its selector has no sellerOfRecords).
 */
export function l2Props(i: number, secrets: StackSecrets): ProcurementPortalPreferenceProps {
  const { buyer, supplier } = identity(i);
  const props = coupaProps({
    shared: PortalSecret.fromSecretsManager(secrets.portal, { jsonField: 'sharedSecret' }),
    test: PortalSecret.fromSecretsManager(secrets.test),
  });
  return {
    ...props,
    buyerIdentifier: buyer,
    supplierIdentifier: supplier,
    selector: { invoiceUnitArns: [`arn:aws:invoicing::123456789012:invoice-unit/unit${i}`] },
    testEnvironment: { ...props.testEnvironment!, buyerIdentifier: `${buyer}-T`, supplierIdentifier: `${supplier}-T` },
  };
}

/**
 * The same preference as the API's Create request. Its secrets can only be strings: `{{resolve:secretsmanager:...}}`
 * dynamic references, as `SecretValue.secretsManager` renders them.
 */
function apiRequest(i: number, secrets: StackSecrets) {
  const { buyer, supplier } = identity(i);
  const dynamicReference = (secret: secretsmanager.ISecret, jsonField?: string): string =>
    SecretValue.secretsManager(secret.secretArn, { jsonField }).unsafeUnwrap();
  const request = coupaRequest({ shared: dynamicReference(secrets.portal, 'sharedSecret'), test: dynamicReference(secrets.test) });
  return {
    ...request,
    BuyerIdentifier: buyer,
    SupplierIdentifier: supplier,
    Selector: { InvoiceUnitArns: [`arn:aws:invoicing::123456789012:invoice-unit/unit${i}`] },
    TestEnvPreference: { ...request.TestEnvPreference!, BuyerIdentifier: `${buyer}-T`, SupplierIdentifier: `${supplier}-T` },
    Contacts: CONTACTS,
    ResourceTags: [{ Key: 'team', Value: 'finance' }],
  };
}

/** The L1 with the same values: the API's members in camelCase, the date as an ISO string, the tags as `tags`. */
function addL1Preference(stack: Stack, i: number, secrets: StackSecrets): void {
  const { ResourceTags, ...members } = apiRequest(i, secrets);
  new CfnProcurementPortalPreference(stack, `Preference${i}`, {
    ...camelCase(members) as Omit<ConstructorParameters<typeof CfnProcurementPortalPreference>[2], 'tags'>,
    tags: ResourceTags.map((t) => ({ key: t.Key, value: t.Value })),
  });
}

/**
 * The same preference by hand with `AwsCustomResource`: the SDK calls' parameters are the API's members. Its secrets
 * can only be dynamic references, which CloudFormation does not resolve inside custom-resource properties: the by-hand
 * way cannot be deployed with a secret at all; its bytes and synth time are what is compared.
 */
function addAcrPreference(stack: Stack, i: number, secrets: StackSecrets): void {
  // As JSON: the SDK call's parameters, the activation date an ISO string.
  const { ResourceTags, ...create } = JSON.parse(JSON.stringify(apiRequest(i, secrets))) as ReturnType<typeof apiRequest>;
  const configuration = Object.fromEntries(Object.entries(create).filter(([k]) => !(IDENTITY_FIELDS as readonly string[]).includes(k)));
  const arn = new PhysicalResourceIdReference();
  new AwsCustomResource(stack, `Preference${i}`, {
    onCreate: {
      service: 'Invoicing',
      action: CREATE,
      parameters: { ...create, ResourceTags },
      physicalResourceId: PhysicalResourceId.fromResponse('ProcurementPortalPreferenceArn'),
    },
    onUpdate: {
      service: 'Invoicing',
      action: PUT,
      parameters: { ...configuration, ProcurementPortalPreferenceArn: arn },
      physicalResourceId: PhysicalResourceId.fromResponse('ProcurementPortalPreferenceArn'),
    },
    onDelete: {
      service: 'Invoicing',
      action: DELETE,
      parameters: { ProcurementPortalPreferenceArn: arn },
    },
    policy: AwsCustomResourcePolicy.fromSdkCalls({ resources: AwsCustomResourcePolicy.ANY_RESOURCE }),
    installLatestAwsSdk: false,
  });
}

/** The API's PascalCase members to the L1's camelCase property names, deeply; a date becomes its ISO string. */
function camelCase(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(camelCase);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), camelCase(v)]));
  }
  return value;
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
