import * as fs from 'fs';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { runApp, templateIn } from './helpers';
import * as constraints from '../../src/contract/constraints';
import { RESOURCE_TYPE } from '../../src/contract/wire';
import {
  ConnectionTestingMethod,
  EinvoiceAttachmentType,
  EinvoiceDocumentType,
  EinvoiceProtocol,
  PartyDomain,
  ProcurementPortalName,
  PurchaseOrderDataSourceType,
} from 'cdk-procurement-portal';

describe('examples/app.ts (the app cdk.json runs)', () => {
  let outdir: string;
  let templates: Record<string, Template>;

  beforeAll(() => {
    outdir = runApp(require.resolve('../../examples/app'));
    templates = {
      main: templateIn(outdir, 'ProcurementPortalExample'),
      euWest1: templateIn(outdir, 'ProcurementPortalEuWest1'),
    };
  });

  afterAll(() => {
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('the contract\'s two preferences share one handler, whose logs are kept three months; Coupa\'s deliveries are monitored', () => {
    templates.main.resourceCountIs(RESOURCE_TYPE, 2);
    // The handler and the delivery monitor.
    templates.main.resourceCountIs('AWS::Lambda::Function', 2);
    templates.main.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  test('the stack outside us-east-1 keeps its contact in Secrets Manager and is retained', () => {
    templates.euWest1.hasResource(RESOURCE_TYPE, {
      Properties: Match.objectLike({
        Contacts: Match.absent(),
        ContactsRef: { SecretArn: Match.stringLikeRegexp('^arn:aws:secretsmanager:eu-west-1:'), JsonField: 'contact' },
      }),
      DeletionPolicy: 'Retain',
    });
  });
});

describe('enums', () => {
  test('each enum holds exactly the API values the constraints check', () => {
    expect(Object.values(ProcurementPortalName)).toEqual([...constraints.PROCUREMENT_PORTAL_NAMES]);
    expect(Object.values(PartyDomain)).toEqual([...constraints.PARTY_DOMAINS]);
    expect(Object.values(EinvoiceDocumentType)).toEqual([...constraints.EINVOICE_DOCUMENT_TYPES]);
    expect(Object.values(EinvoiceAttachmentType)).toEqual([...constraints.EINVOICE_ATTACHMENT_TYPES]);
    expect(Object.values(EinvoiceProtocol)).toEqual([...constraints.EINVOICE_PROTOCOLS]);
    expect(Object.values(PurchaseOrderDataSourceType)).toEqual([...constraints.PURCHASE_ORDER_DATA_SOURCE_TYPES]);
    expect(Object.values(ConnectionTestingMethod)).toEqual([...constraints.CONNECTION_TESTING_METHODS]);
  });
});

describe('examples/invoice-units.ts', () => {
  test('a unit, the preference that selects it and the enrolment: the template, snapshot-tested', () => {
    const outdir = runApp(require.resolve('../../examples/invoice-units'));
    try {
      const template = templateIn(outdir, 'ProcurementPortalInvoiceUnits');
      template.resourceCountIs('Custom::ProcurementPortalInvoiceUnit', 1);
      template.hasResourceProperties(RESOURCE_TYPE, {
        SupplierLookup: { SellerOfRecord: 'AWS_EMEA', CountryCode: 'LU' },
        Selector: { InvoiceUnitArns: [{ Ref: Match.stringLikeRegexp('^Europe') }] },
      });
      // The bundles' hashes change with every handler change: the snapshot pins the constructs, not the bundles.
      const json = JSON.stringify(template.toJSON()).replace(/[0-9a-f]{64}\.zip/g, '<bundle-hash>.zip');
      expect(JSON.parse(json)).toMatchSnapshot();
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
