// Invoice units as constructs: a unit per business entity, the preference that delivers its invoices to Coupa, and
// the enrolment that keeps the unit's accounts equal to those of the entity's organizational unit as accounts join
// and leave the organization.
//
//   npx cdk synth --app 'npx ts-node -r tsconfig-paths/register --project examples/tsconfig.json examples/invoice-units.ts'
//
// Deploy it in the organization's management account, in us-east-1: Organizations sends its account events there.
import * as cdk from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { InvoiceUnit, PortalSecret, ProcurementPortalName, ProcurementPortalPreference } from 'cdk-procurement-portal';

/** The example's stack: the EU entity's unit, its Coupa connection and its enrolment. */
export class InvoiceUnitsStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props: cdk.StackProps = {}) {
    super(scope, id, { ...props, env: { region: 'us-east-1', ...props.env } });

    const europe = new InvoiceUnit(this, 'Europe', {
      invoiceUnitName: 'AnyCompany Europe',
      description: 'The EU entity: its accounts, and those of its organizational unit',
      // The entity's shared-services account, outside its organizational unit.
      linkedAccounts: ['111111111111'],
    });
    cdk.Tags.of(europe).add('entity', 'europe');

    const enrolment = europe.enrolOrganizationalUnits({ organizationalUnitIds: ['ou-ab12-eu000001'] });
    new cloudwatch.Alarm(this, 'AccountsOutsideUnits', {
      metric: enrolment.metricAccountsInNoInvoiceUnit(),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      // No data means the enrolment did not run: not "every account is in a unit" either.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });

    const secret = secretsmanager.Secret.fromSecretNameV2(this, 'CoupaSecret', 'invoicing/coupa-europe');
    new ProcurementPortalPreference(this, 'CoupaEurope', {
      procurementPortalName: ProcurementPortalName.COUPA,
      buyerIdentifier: 'anycompany-europe',
      supplierLookup: { sellerOfRecord: 'AWS_EMEA', countryCode: 'LU' },
      sharedSecret: PortalSecret.fromSecretsManager(secret),
      // The unit's own invoices, whichever accounts it holds when they are issued.
      selector: { invoiceUnits: [europe] },
      purchaseOrderRetrievalEnabled: true,
      contacts: [{ email: 'ap-europe@example.com' }],
    });
  }
}

const app = new cdk.App();
new InvoiceUnitsStack(app, 'ProcurementPortalInvoiceUnits');
app.synth();
