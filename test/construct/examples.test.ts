import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as constraints from '../../src/private/constraints';
import {
  ConnectionTestingMethod,
  EinvoiceAttachmentType,
  EinvoiceDocumentType,
  EinvoiceProtocol,
  PartyDomain,
  ProcurementPortalName,
  PurchaseOrderDataSourceType,
} from 'cdk-procurement-portal';

const RESOURCE_TYPE = 'Custom::ProcurementPortalPreference';

describe('examples/app.ts (the app cdk.json runs)', () => {
  let outdir: string;
  let templates: Record<string, Template>;

  beforeAll(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'examples-'));
    const previous = process.env.CDK_OUTDIR;
    process.env.CDK_OUTDIR = outdir;
    try {
      jest.isolateModules(() => {
        // A CDK app is a script: requiring it runs it (and its app.synth()) in this process.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require('../../examples/app');
      });
    } finally {
      if (previous === undefined) delete process.env.CDK_OUTDIR;
      else process.env.CDK_OUTDIR = previous;
    }
    const read = (name: string) => Template.fromJSON(JSON.parse(fs.readFileSync(path.join(outdir, `${name}.template.json`), 'utf8')));
    templates = {
      main: read('ProcurementPortalExample'),
      euWest1: read('ProcurementPortalEuWest1'),
    };
  });

  afterAll(() => {
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('the contract\'s two preferences share one handler, whose logs are kept three months', () => {
    templates.main.resourceCountIs(RESOURCE_TYPE, 2);
    templates.main.resourceCountIs('AWS::Lambda::Function', 1);
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
