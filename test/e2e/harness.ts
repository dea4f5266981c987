/**
 * The end-to-end world: both emulators, a CloudFormation simulator running the BUNDLED handler, canary values, and a
 * record of everything the suite captured (responses, Reasons, log lines) for the final canary scan.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PreferenceProperties, SCHEMA_VERSION } from '../../src/private/wire';
import { CloudFormationSimulator, Invocation, SimulatorOptions } from '../../tools/cloudformation/simulator';
import { InvoicingEmulator } from '../../tools/emulators/invoicing';
import { SecretsManagerEmulator } from '../../tools/emulators/secrets-manager';

export const ROOT = path.resolve(__dirname, '..', '..');
export const BUNDLE = path.join(ROOT, 'assets', 'lambda', 'index', 'index.js');

/** Values that must never leave the emulators: not in a response, a Reason, a log line or cdk.out. */
export const CANARY_SECRET = 'CanarySecret-7f3e9a1c-0b5d-4e2a-9c1f-do-not-leak';
export const CANARY_CONTACT = { Name: 'Canary Contact 5b1d9e', Email: 'canary.5b1d9e@example.com' } as const;

/** Everything the suite captured, scanned at the end. */
export const captured: Invocation[] = [];
/** The test each captured invocation belongs to (same order as `captured`). */
export const capturedIn: string[] = [];
/** The emulators' operation logs of every test (kept before each reset). */
export const capturedEmulatorLogs: string[] = [];

export function assertBundle(): void {
  if (!fs.existsSync(BUNDLE)) {
    throw new Error(`The handler bundle ${path.relative(ROOT, BUNDLE)} is missing: run \`npx projen bundle\` (the test task does it before jest)`);
  }
}

/** Fast timings for the handler under test (its PPP_* knobs), so that faults play out in seconds. */
export const FAST_TUNING: Readonly<Record<string, string>> = {
  PPP_RETRY_BASE_MS: '20',
  PPP_RETRY_MAX_BACKOFF_MS: '200',
  PPP_ATTEMPT_TIMEOUT_MS: '1500',
  PPP_RESPONSE_RESERVE_MS: '800',
};

export class World {
  readonly invoicing = new InvoicingEmulator();
  readonly secrets = new SecretsManagerEmulator();
  /** The shared secret's ARN (a JSON secret with field `sharedSecret`) and the test environment's (a plain string). */
  secretArn = '';
  testSecretArn = '';

  async start(): Promise<void> {
    assertBundle();
    await Promise.all([this.invoicing.start(), this.secrets.start()]);
    this.seedSecrets();
  }

  async stop(): Promise<void> {
    await Promise.all([this.invoicing.stop(), this.secrets.stop()]);
  }

  /** Forgets state and faults between tests. */
  reset(): void {
    capturedEmulatorLogs.push(JSON.stringify(this.invoicing.log), JSON.stringify(this.secrets.log));
    this.invoicing.reset();
    this.invoicing.clearFaults();
    this.secrets.reset();
    this.seedSecrets();
  }

  /** A simulator of one stack running the bundle against the emulators. */
  async simulator(options: Partial<SimulatorOptions> = {}): Promise<CloudFormationSimulator> {
    const simulator = new CloudFormationSimulator({
      handlerFile: BUNDLE,
      lambdaTimeoutMs: 5_000,
      stackName: 'E2eStack',
      ...options,
      environment: {
        AWS_ENDPOINT_URL_INVOICING: this.invoicing.endpoint,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: this.secrets.endpoint,
        ...FAST_TUNING,
        ...options.environment,
      },
      onInvocation: (invocation) => {
        captured.push(invocation);
        capturedIn.push(expect.getState().currentTestName ?? '');
        options.onInvocation?.(invocation);
      },
    });
    await simulator.start();
    return simulator;
  }

  private seedSecrets(): void {
    this.secretArn = this.secrets.seed({ name: 'E2eSharedSecret', value: JSON.stringify({ sharedSecret: CANARY_SECRET, other: 'x' }) });
    this.testSecretArn = this.secrets.seed({ name: 'coupa/test-shared-secret', value: `${CANARY_SECRET}-test` });
  }

  /** The Coupa preference as the construct renders it (wire.ts), before CloudFormation stringifies it. */
  coupa(overrides: Partial<Record<keyof PreferenceProperties, unknown>> = {}): Record<string, unknown> {
    const properties: PreferenceProperties = {
      SchemaVersion: SCHEMA_VERSION,
      ProcurementPortalName: 'COUPA',
      BuyerDomain: 'NetworkID',
      BuyerIdentifier: 'AN01000000001',
      SupplierDomain: 'NetworkID',
      SupplierIdentifier: 'AN01000000002',
      Selector: { InvoiceUnitArns: ['arn:aws:invoicing::123456789012:invoice-unit/abcd1234'], SellerOfRecords: ['AWS'] },
      ProcurementPortalSharedSecretRef: { SecretArn: this.secretArn, JsonField: 'sharedSecret' },
      ProcurementPortalInstanceEndpoint: 'https://portal.example.com/cxml/invoices',
      TestEnvPreference: {
        BuyerDomain: 'NetworkID',
        BuyerIdentifier: 'AN01000000001-T',
        SupplierDomain: 'NetworkID',
        SupplierIdentifier: 'AN01000000002-T',
        // A partial ARN, as Secret.fromSecretNameV2 renders it.
        ProcurementPortalSharedSecretRef: { SecretArn: this.testSecretArn.slice(0, -7) },
        ProcurementPortalInstanceEndpoint: 'https://test.portal.example.com/cxml/invoices',
      },
      EinvoiceDeliveryEnabled: true,
      EinvoiceDeliveryPreference: {
        EinvoiceDeliveryDocumentTypes: ['AWS_CLOUD_INVOICE', 'AWS_CLOUD_CREDIT_MEMO'],
        EinvoiceDeliveryAttachmentTypes: ['INVOICE_PDF'],
        Protocol: 'CXML',
        PurchaseOrderDataSources: [{ EinvoiceDeliveryDocumentType: 'AWS_CLOUD_INVOICE', PurchaseOrderDataSourceType: 'PURCHASE_ORDER_NOT_REQUIRED' }],
        ConnectionTestingMethod: 'TEST_ENV_REPLAY_TEST',
        EinvoiceDeliveryActivationDate: 1798761600,
      },
      PurchaseOrderRetrievalEnabled: false,
      Contacts: [{ ...CANARY_CONTACT }],
      ResourceTags: [{ Key: 'team', Value: 'finance' }],
    };
    return { ...properties, ...overrides };
  }

  /** A minimal SAP preference (purchase orders only). */
  sap(overrides: Partial<Record<keyof PreferenceProperties, unknown>> = {}): Record<string, unknown> {
    const properties: PreferenceProperties = {
      SchemaVersion: SCHEMA_VERSION,
      ProcurementPortalName: 'SAP_BUSINESS_NETWORK',
      BuyerDomain: 'NetworkID',
      BuyerIdentifier: 'AN02000000001',
      SupplierDomain: 'NetworkID',
      SupplierIdentifier: 'AN02000000002',
      ProcurementPortalSharedSecretRef: { SecretArn: this.secretArn, JsonField: 'sharedSecret' },
      EinvoiceDeliveryEnabled: false,
      PurchaseOrderRetrievalEnabled: true,
      Contacts: [{ ...CANARY_CONTACT }],
    };
    return { ...properties, ...overrides };
  }
}

/** The JSON log lines of an invocation, parsed. */
export function jsonLogs(invocation: Invocation): Array<Record<string, unknown>> {
  return invocation.logs.filter((l) => l.text.startsWith('{')).map((l) => JSON.parse(l.text) as Record<string, unknown>);
}

export function describeInvocation(invocation: Invocation): string {
  return JSON.stringify({
    requestType: invocation.event.RequestType,
    response: invocation.response,
    violations: invocation.violations,
    timedOut: invocation.timedOut,
    handlerError: invocation.handlerError,
    logs: invocation.logs.map((l) => l.text),
  }, null, 1);
}
