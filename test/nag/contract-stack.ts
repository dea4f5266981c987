// The public API contract's stack (../shared/contract/app.ts), built into a given app so that a test can attach
// validation plugins before synthesis. contract-stack.test.ts fails if this copy and the contract drift apart.
import * as cdk from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  ConnectionTestingMethod,
  EinvoiceAttachmentType,
  EinvoiceDocumentType,
  IProcurementPortalPreference,
  PortalSecret,
  ProcurementPortalName,
  ProcurementPortalPreference,
  PurchaseOrderDataSourceType,
} from 'cdk-procurement-portal';

/** The contract's stack and the user-owned secret in it (the one resource cdk-nag has something to say about). */
export interface ContractStack {
  readonly stack: cdk.Stack;
  readonly portalSecret: secretsmanager.Secret;
}

export function buildContractStack(app: cdk.App): ContractStack {
  const stack = new cdk.Stack(app, 'ProcurementPortalContract');

  const portalSecret = new secretsmanager.Secret(stack, 'CoupaSecret');
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
  });
  cdk.Tags.of(coupa).add('team', 'finance');

  new ProcurementPortalPreference(stack, 'Sap', {
    procurementPortalName: ProcurementPortalName.SAP_BUSINESS_NETWORK,
    buyerIdentifier: 'AN02000000001',
    supplierIdentifier: 'AN02000000002',
    sharedSecret: PortalSecret.fromSecretsManager(portalSecret),
    purchaseOrderRetrievalEnabled: true,
    contacts: [{ name: 'Procurement', email: 'procurement@example.com' }],
  });

  const imported: IProcurementPortalPreference = ProcurementPortalPreference.fromProcurementPortalPreferenceArn(
    stack, 'Imported', 'arn:aws:invoicing::123456789012:procurement-portal-preference/a34fd666-7810-4414-9360-aaa4bcab0abd');
  const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
  imported.grantRead(reader);
  coupa.grantRead(reader);

  new cdk.CfnOutput(stack, 'CoupaArn', { value: coupa.procurementPortalPreferenceArn });
  return { stack, portalSecret };
}
