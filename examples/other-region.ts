// A preference declared in a stack outside us-east-1.
//
// The native AWS::Invoicing::ProcurementPortalPreference resource is offered in us-east-1 only, so a team whose stacks
// live in eu-west-1 would need a second, us-east-1 stack just for it. The Invoicing API is global (every commercial
// region's calls go to the us-east-1 endpoint), so this library's handler runs in the stack's own region: the
// preference sits next to the secret it reads, and the secret never leaves eu-west-1.
//
//   npx cdk synth --app 'npx ts-node -r tsconfig-paths/register --project examples/tsconfig.json examples/other-region.ts'
//
// Synthesizes without AWS credentials (the account stays a CloudFormation parameter until deploy).
import * as cdk from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import {
  ConnectionTestingMethod,
  EinvoiceDocumentType,
  PortalSecret,
  ProcurementPortalName,
  ProcurementPortalPreference,
  PurchaseOrderDataSourceType,
} from 'cdk-procurement-portal';

/** The example's stack: a regional secret and the preference that reads it, in eu-west-1. */
export class EuropeanInvoicingStack extends cdk.Stack {
  /** The preference's ARN (no region in it: preferences are global). */
  public readonly preferenceArn: string;

  constructor(scope: Construct, id: string, props: cdk.StackProps = {}) {
    super(scope, id, { ...props, env: { region: 'eu-west-1', ...props.env } });

    // The secret's value is `{"sharedSecret": "...", "contact": {"Name": "...", "Email": "..."}}`, put there by hand
    // (or by the portal team's own tooling): the template names the secret, never its value.
    const portalSecret = secretsmanager.Secret.fromSecretCompleteArn(this, 'SapSecret',
      'arn:aws:secretsmanager:eu-west-1:123456789012:secret:invoicing/sap-AbCdEf');

    const preference = new ProcurementPortalPreference(this, 'Sap', {
      procurementPortalName: ProcurementPortalName.SAP_BUSINESS_NETWORK,
      buyerIdentifier: 'AN03000000001',
      supplierIdentifier: 'AN03000000002',
      sharedSecret: PortalSecret.fromSecretsManager(portalSecret, { jsonField: 'sharedSecret' }),
      instanceEndpoint: 'https://eu.portal.example.com/cxml/invoices',
      einvoiceDelivery: {
        documentTypes: [EinvoiceDocumentType.AWS_CLOUD_INVOICE, EinvoiceDocumentType.AWS_CLOUD_CREDIT_MEMO],
        purchaseOrderDataSources: [{
          documentType: EinvoiceDocumentType.AWS_CLOUD_INVOICE,
          sourceType: PurchaseOrderDataSourceType.ASSOCIATED_PURCHASE_ORDER_REQUIRED,
        }],
        connectionTestingMethod: ConnectionTestingMethod.PROD_ENV_DOLLAR_TEST,
        activationDate: new Date('2027-03-01T00:00:00Z'),
      },
      purchaseOrderRetrievalEnabled: true,
      // The contact stays out of the template too: it is read from the same secret's `contact` field.
      contactsSecret: PortalSecret.fromSecretsManager(portalSecret, { jsonField: 'contact' }),
      removalPolicy: cdk.RemovalPolicy.RETAIN,
      logRetention: logs.RetentionDays.THREE_MONTHS,
    });
    cdk.Tags.of(preference).add('cost-center', 'eu-finance');

    this.preferenceArn = preference.procurementPortalPreferenceArn;
    new cdk.CfnOutput(this, 'SapPreferenceArn', { value: this.preferenceArn });
  }
}

if (require.main === module) {
  const app = new cdk.App();
  new EuropeanInvoicingStack(app, 'ProcurementPortalEuWest1');
  app.synth();
}
