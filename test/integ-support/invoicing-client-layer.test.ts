/**
 * The integ test's assertions, played offline: integ-tests-alpha's own assertion handler (its shipped bundle, copied
 * where no node_modules can be found, as in Lambda's /var/task) runs the GetProcurementPortalPreference call and the
 * `objectLike` check of test/preference.integ.ts against the Invoicing emulator, then the `failDeployment` assertion on
 * its result. With the layer on NODE_PATH (as /opt is in Lambda) the call works; without it the handler finds no client
 * at all, so the layer is what it uses.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { buildInvoicingClientLayer, LAYER_NODE_MODULES } from './invoicing-client-layer';
import { InvoicingEmulator } from '../../tools/emulators/invoicing';

const ASSERTION_HANDLER = path.join(path.dirname(require.resolve('@aws-cdk/integ-tests-alpha/package.json')),
  'lib', 'assertions', 'providers', 'lambda-handler.bundle', 'index.js');

// Runs the handler once and prints the response it PUTs. Its https.request is replaced: the handler sends the response
// with https to the ResponseURL's host and ignores any port, so a loopback server cannot stand in for it.
const RUNNER = `
const https = require('https');
https.request = (options, callback) => {
  const chunks = [];
  return { on() {}, write(b) { chunks.push(b); }, end() { console.log('RESPONSE ' + chunks.join('')); callback({ statusCode: 200 }); } };
};
const { handler } = require('./task/index.js');
handler(JSON.parse(process.env.EVENT), { getRemainingTimeInMillis: () => 60000 })
  .catch((e) => console.log('THREW ' + e.message))
  .finally(() => process.exit(0));
`;

interface CfnResponse {
  readonly Status: string;
  readonly Reason: string;
  readonly Data?: { assertion?: string };
}

/** The `GetMatchesTheStack` assertion's event: CloudFormation resolves its `actual` from the call's `assertion`. */
function deploymentAssertionEvent(callAssertion: string): object {
  return {
    RequestType: 'Create',
    ResourceType: 'Custom::DeployAssert@AssertEquals',
    ResponseURL: 'https://cloudformation-custom-resource-response.example/response',
    StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/DeployAssert/1',
    RequestId: 'request-2',
    LogicalResourceId: 'GetMatchesTheStack',
    ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:assertions',
    ResourceProperties: {
      ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:assertions',
      actual: callAssertion,
      expected: JSON.stringify({ $ObjectLike: { status: 'success' } }),
      failDeployment: 'true',
      salt: 'fixed-for-the-snapshot',
    },
  };
}

let work: string;
let layerDir: string;
const emulator = new InvoicingEmulator();
let arn: string;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'integ-assertion-'));
  fs.mkdirSync(path.join(work, 'task'));
  fs.copyFileSync(ASSERTION_HANDLER, path.join(work, 'task', 'index.js'));
  fs.writeFileSync(path.join(work, 'run.js'), RUNNER);
  layerDir = buildInvoicingClientLayer(path.join(work, 'layer'));
  await emulator.start();
  arn = emulator.seed({
    ProcurementPortalName: 'COUPA',
    BuyerDomain: 'NetworkID',
    BuyerIdentifier: 'AN09000000001-CDKINTEG',
    SupplierDomain: 'NetworkID',
    SupplierIdentifier: 'AN09000000002-CDKINTEG',
    EinvoiceDeliveryEnabled: false,
    PurchaseOrderRetrievalEnabled: true,
    Contacts: [{ Name: 'cdk-procurement-portal integration test', Email: 'integ@example.com' }],
  });
});

afterAll(async () => {
  await emulator.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

/** The assertion's custom-resource event, with its properties as the integ snapshot's template renders them. */
function assertionEvent(expectedBuyer: string): object {
  const expected = {
    $ObjectLike: {
      ProcurementPortalPreference: {
        ProcurementPortalPreferenceArn: arn,
        ProcurementPortalName: 'COUPA',
        BuyerDomain: 'NetworkID',
        BuyerIdentifier: expectedBuyer,
        SupplierDomain: 'NetworkID',
        SupplierIdentifier: 'AN09000000002-CDKINTEG',
        EinvoiceDeliveryEnabled: false,
        PurchaseOrderRetrievalEnabled: true,
      },
    },
  };
  return {
    RequestType: 'Create',
    ResourceType: 'Custom::DeployAssert@SdkCallInvoicingGetProcurementPortalPre',
    ResponseURL: 'https://cloudformation-custom-resource-response.example/response',
    StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/DeployAssert/1',
    RequestId: 'request-1',
    LogicalResourceId: 'AwsApiCallInvoicingGetProcurementPortalPreference',
    ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:assertions',
    ResourceProperties: {
      ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:assertions',
      service: 'Invoicing',
      api: 'GetProcurementPortalPreference',
      expected: JSON.stringify(expected),
      parameters: { ProcurementPortalPreferenceArn: JSON.stringify(arn) },
      flattenResponse: 'false',
      salt: 'fixed-for-the-snapshot',
    },
  };
}

async function runAssertion(event: object, nodePath: string | undefined): Promise<CfnResponse> {
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(work, 'run.js')], {
    cwd: work,
    timeout: 30_000,
    env: {
      PATH: process.env.PATH,
      ...(nodePath ? { NODE_PATH: nodePath } : {}),
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'not-a-real-secret',
      AWS_ENDPOINT_URL_INVOICING: emulator.endpoint,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      EVENT: JSON.stringify(event),
    },
  });
  const line = stdout.split('\n').find((l) => l.startsWith('RESPONSE '));
  if (!line) throw new Error(`the assertion handler sent no response; its output ends with: ${stdout.slice(-500)}`);
  return JSON.parse(line.slice('RESPONSE '.length)) as CfnResponse;
}

describe("the integ test's GetProcurementPortalPreference assertion", () => {
  test('passes with the layer: the handler loads its client and the preference matches', async () => {
    const response = await runAssertion(assertionEvent('AN09000000001-CDKINTEG'), path.join(layerDir, LAYER_NODE_MODULES));

    expect(response.Status).toBe('SUCCESS');
    expect(JSON.parse(response.Data?.assertion ?? '{}')).toEqual({ status: 'success' });
    expect(emulator.calls.get('GetProcurementPortalPreference')).toBeGreaterThanOrEqual(1);
  });

  test('the deployment assertion passes on that result', async () => {
    const call = await runAssertion(assertionEvent('AN09000000001-CDKINTEG'), path.join(layerDir, LAYER_NODE_MODULES));
    const response = await runAssertion(deploymentAssertionEvent(call.Data?.assertion ?? ''), undefined);

    expect(response.Status).toBe('SUCCESS');
  });

  test('a preference that differs from the stack fails the deployment, naming the mismatch', async () => {
    const call = await runAssertion(assertionEvent('AN-SOMEONE-ELSE'), path.join(layerDir, LAYER_NODE_MODULES));
    // expect() alone only records the mismatch (integ-runner reads it); the call itself succeeds.
    expect(call.Status).toBe('SUCCESS');
    expect(JSON.parse(call.Data?.assertion ?? '{}')).toMatchObject({ status: 'fail' });

    const response = await runAssertion(deploymentAssertionEvent(call.Data?.assertion ?? ''), undefined);
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toContain('AN-SOMEONE-ELSE');
  });

  test('finds no Invoicing client without the layer (nothing else provides one here)', async () => {
    const response = await runAssertion(assertionEvent('AN09000000001-CDKINTEG'), undefined);

    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toContain("'@aws-sdk/client-invoicing' does not exist");
  });
});
