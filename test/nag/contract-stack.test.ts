/**
 * test/nag/contract-stack.ts rebuilds the contract's stack inside an App the nag test owns (cdk-nag's plugin must be
 * added before synthesis, and examples/contract.ts creates and synthesizes its own App). This keeps that copy honest:
 * both must synthesize the same template, so the nag test always checks what the contract declares.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import { buildContractStack } from './contract-stack';

const CONTRACT = path.join(__dirname, '..', '..', 'examples', 'contract.ts');
const STACK = 'ProcurementPortalContract';

function synthesizeContract(): unknown {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'contract-'));
  const previous = process.env.CDK_OUTDIR;
  process.env.CDK_OUTDIR = outdir;
  try {
    // A CDK app is a script: requiring it runs it, app.synth() included.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    jest.isolateModules(() => require(CONTRACT));
    return JSON.parse(fs.readFileSync(path.join(outdir, `${STACK}.template.json`), 'utf8'));
  } finally {
    if (previous === undefined) delete process.env.CDK_OUTDIR;
    else process.env.CDK_OUTDIR = previous;
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

test('the nag fixture synthesizes the same template as examples/contract.ts', () => {
  const cdkValidation = process.env.CDK_VALIDATION;
  process.env.CDK_VALIDATION = 'false'; // aws-cdk-lib's schema validation changes nothing in the template
  try {
    const app = new cdk.App();
    const { stack } = buildContractStack(app);
    expect(app.synth().getStackByName(stack.stackName).template).toEqual(synthesizeContract());
  } finally {
    if (cdkValidation === undefined) delete process.env.CDK_VALIDATION;
    else process.env.CDK_VALIDATION = cdkValidation;
  }
});
