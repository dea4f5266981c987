// The runnable example app: `npx cdk synth` (cdk.json) synthesizes it without AWS credentials.
//
// - ProcurementPortalExample: the contract's two preferences (Coupa with e-invoice delivery and a test environment,
//   SAP Business Network with purchase orders only) in an environment-agnostic stack.
// - ProcurementPortalEuWest1: a stack outside us-east-1 (the Invoicing API is global, so a preference can be declared
//   from any region), with the contact kept out of the template in Secrets Manager (examples/other-region.ts).
import * as cdk from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { EuropeanInvoicingStack } from './other-region';
import {
  ConnectionTestingMethod,
  EinvoiceAttachmentType,
  EinvoiceDocumentType,
  PortalSecret,
  ProcurementPortalName,
  ProcurementPortalPreference,
  PurchaseOrderDataSourceType,
} from 'cdk-procurement-portal';

const app = new cdk.App();

const stack = new cdk.Stack(app, 'ProcurementPortalExample', {
  description: 'cdk-procurement-portal example: Coupa and SAP Business Network procurement portal preferences',
});

// The shared secrets live in Secrets Manager; only their ARNs reach the template.
const portalSecret = new secretsmanager.Secret(stack, 'CoupaSecret', {
  description: 'Shared secret of the Coupa and SAP Business Network integrations, as {"sharedSecret": "..."}',
});
const testSecret = secretsmanager.Secret.fromSecretNameV2(stack, 'CoupaTestSecret', 'coupa/test-shared-secret');

const coupa = new ProcurementPortalPreference(stack, 'Coupa', {
  procurementPortalName: ProcurementPortalName.COUPA,
  buyerIdentifier: 'AN01000000001',
  supplierIdentifier: 'AN01000000002',
  selector: {
    invoiceUnitArns: ['arn:aws:invoicing::123456789012:invoice-unit/abcd1234'],
    sellerOfRecords: ['AWS'],
  },
  sharedSecret: PortalSecret.fromSecretsManager(portalSecret, { jsonField: 'sharedSecret' }),
  instanceEndpoint: 'https://portal.example.com/cxml/invoices',
  testEnvironment: {
    buyerIdentifier: 'AN01000000001-T',
    supplierIdentifier: 'AN01000000002-T',
    sharedSecret: PortalSecret.fromSecretsManager(testSecret),
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
    activationDate: new Date('2027-01-01T00:00:00Z'),
  },
  purchaseOrderRetrievalEnabled: false,
  contacts: [{ name: 'Accounts payable', email: 'ap@example.com' }],
  logRetention: logs.RetentionDays.THREE_MONTHS,
});
cdk.Tags.of(coupa).add('team', 'finance');
// Every invoice delivered, with its purchase order: metrics per billing period (see the README's Delivery monitoring).
coupa.monitorDelivery();

new ProcurementPortalPreference(stack, 'Sap', {
  procurementPortalName: ProcurementPortalName.SAP_BUSINESS_NETWORK,
  buyerIdentifier: 'AN02000000001',
  supplierIdentifier: 'AN02000000002',
  sharedSecret: PortalSecret.fromSecretsManager(portalSecret, { jsonField: 'sharedSecret' }),
  purchaseOrderRetrievalEnabled: true,
  contacts: [{ name: 'Procurement', email: 'procurement@example.com' }],
});

const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
coupa.grantRead(reader);
new cdk.CfnOutput(stack, 'CoupaArn', { value: coupa.procurementPortalPreferenceArn });

// Outside us-east-1: the handler runs in eu-west-1 and calls the global Invoicing endpoint (see other-region.ts).
new EuropeanInvoicingStack(app, 'ProcurementPortalEuWest1');

app.synth();
