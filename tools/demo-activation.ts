/**
 * The demo's activation act: from a deployed stack to ACTIVE and back, with the tools a person uses. The bundled
 * command-line tool (`status`, `send-validation`, `verify`, `status --wait ACTIVE`) runs against the Invoicing and
 * CloudFormation emulators; the bundled status poller shows the metrics; the stack is then suspended and resumed through
 * CloudFormation updates of the `Suspended` property.
 */
import { CloudFormationSimulator } from './cloudformation/simulator';
import { BundleRun, runCli, runPoller } from './emulators/bundles';
import { CloudFormationEmulator } from './emulators/cloudformation';
import { InvoicingEmulator } from './emulators/invoicing';
import { LIST, PUT, UPDATE_STATUS } from '../lambda/aws/invoicing';

type Json = Record<string, unknown>;

export interface ActivationAct {
  readonly assemblyDir: string;
  readonly stackName: string;
  readonly invoicing: InvoicingEmulator;
  readonly simulator: CloudFormationSimulator;
  /** The stack's current desired properties per logical id. */
  readonly desired: Record<string, Json>;
  readonly say: (line?: string) => void;
  readonly check: (ok: boolean, what: string) => void;
  readonly step: (title: string) => void;
  /** Registers a value that must never be printed (the one-time codes). */
  readonly hide: (value: string) => void;
}

export async function playActivation(act: ActivationAct): Promise<void> {
  const { invoicing, simulator, say, check } = act;
  const cloudformation = new CloudFormationEmulator({ accountId: invoicing.accountId });
  await cloudformation.start();
  const env = { AWS_ENDPOINT_URL_INVOICING: invoicing.endpoint, AWS_ENDPOINT_URL_CLOUDFORMATION: cloudformation.endpoint };
  const physicalIds = (): Record<string, string> =>
    Object.fromEntries([...simulator.resources].map(([id, r]) => [id, r.physicalResourceId]));

  const cli = async (args: string[], shown = args): Promise<BundleRun> => {
    cloudformation.seedFromAssembly(act.assemblyDir, act.stackName, physicalIds());
    say(`  $ npx cdk-procurement-portal ${shown.join(' ')}`);
    const result = await runCli(args, env);
    for (const line of `${result.stdout}${result.stderr}`.trimEnd().split('\n')) if (line) say(`    ${line}`);
    say(`    (exit ${result.code})`);
    return result;
  };
  const metrics = async (): Promise<Record<string, Json>> => {
    const result = await runPoller(env);
    check(result.code === 0, 'the status poller ran');
    const documents = result.stdout.split('\n').filter((l) => l.startsWith('{"_aws"')).map((l) => JSON.parse(l) as Json);
    const byArn = Object.fromEntries(documents.map((d) => [String(d.ProcurementPortalPreferenceArn), d]));
    say(`  status poller (assets/lambda/status-poller): ${invoicing.callCount(LIST)} List calls so far, never Get`);
    for (const [logicalId, arn] of Object.entries(physicalIds())) {
      const d = byArn[arn];
      say(`    ${logicalId}: EinvoiceDeliveryActive=${String(d?.EinvoiceDeliveryActive)} PurchaseOrderRetrievalActive=${String(d?.PurchaseOrderRetrievalActive)}`);
    }
    return byArn;
  };
  try {
    const ids = Object.keys(act.desired);
    act.step('Activation: send the one-time code, verify it, wait for ACTIVE (the command-line tool and the poller)');
    const initial = await cli(['status', '--stack', act.stackName]);
    check(initial.code === 0, '`status --stack` lists the stack\'s preferences');
    await metrics();

    for (const id of ids) {
      const arn = physicalIds()[id];
      const sent = await cli(['send-validation', '--stack', act.stackName, '--id', id]);
      check(sent.code === 0, `send-validation ${id}`);
      const code = invoicing.validationCode(arn) ?? '';
      act.hide(code);
      say(`  (the portal shows ${id}'s one-time code to its administrator; it is passed to verify below, never printed)`);
      const verified = await cli(['verify', '--stack', act.stackName, '--id', id, '--code', code],
        ['verify', '--stack', act.stackName, '--id', id, '--code', '<code from the portal>']);
      check(verified.code === 0, `verify ${id}`);
      check(invoicing.get(arn)?.purchaseOrderRetrievalPreferenceStatus === 'VALIDATED'
        || invoicing.get(arn)?.einvoiceDeliveryPreferenceStatus === 'VALIDATED', `${id} is VALIDATED after verify`);
    }

    // The service then tests the connection; it succeeds while the tool is waiting.
    const moveEnabled = (status: string): void => {
      for (const arn of Object.values(physicalIds())) {
        const configuration = invoicing.get(arn)?.configuration ?? {};
        invoicing.setStatus(arn, {
          ...(configuration.EinvoiceDeliveryEnabled === true ? { einvoiceDelivery: status } : {}),
          ...(configuration.PurchaseOrderRetrievalEnabled === true ? { purchaseOrderRetrieval: status } : {}),
        });
      }
    };
    moveEnabled('TEST_INITIALIZED');
    let polls = 0;
    const activate = (entry: { operation: string }): void => {
      if (entry.operation === LIST && ++polls === 2) moveEnabled('ACTIVE');
    };
    invoicing.events.on('call', activate);
    const waited = await cli(['status', '--stack', act.stackName, '--wait', 'ACTIVE', '--timeout', '1m', '--poll-interval', '1s']);
    invoicing.events.off('call', activate);
    check(waited.code === 0, '`status --wait ACTIVE` ends with exit 0 once every enabled feature is ACTIVE');
    const active = await metrics();
    check(Object.values(physicalIds()).every((arn) => active[arn]?.PurchaseOrderRetrievalActive === 1), 'the metrics read 1 while ACTIVE');

    const [first] = ids;
    const suspension = { Reason: 'Portal maintenance until 2027-02-01', EinvoiceDelivery: true, PurchaseOrderRetrieval: true };
    act.step(`Suspend ${first} (the Suspended property added: UpdateProcurementPortalPreferenceStatus, no Put)`);
    const putsBefore = invoicing.callCount(PUT);
    const suspended = await simulator.updateStack({ ...act.desired, [first]: { ...act.desired[first], Suspended: suspension } });
    say(`  stack: ${suspended.status}`);
    check(suspended.status === 'UPDATE_COMPLETE', 'the suspension deployed');
    check(invoicing.get(physicalIds()[first])?.purchaseOrderRetrievalPreferenceStatus === 'SUSPENDED', `${first} is SUSPENDED`);
    check(invoicing.callCount(UPDATE_STATUS) === 1, 'one UpdateProcurementPortalPreferenceStatus call');
    check(invoicing.callCount(PUT) === putsBefore, 'a suspension calls no Put');
    await cli(['status', '--stack', act.stackName]);
    const whileSuspended = await metrics();
    check(whileSuspended[physicalIds()[first]]?.PurchaseOrderRetrievalActive === 0, 'the metric reads 0 while suspended');

    act.step(`Resume ${first} (the Suspended property removed)`);
    const resumed = await simulator.updateStack(act.desired);
    say(`  stack: ${resumed.status}`);
    check(resumed.status === 'UPDATE_COMPLETE', 'the resume deployed');
    check(invoicing.get(physicalIds()[first])?.purchaseOrderRetrievalPreferenceStatus === 'ACTIVE', `${first} is ACTIVE again`);
    const back = await cli(['status', '--stack', act.stackName, '--wait', 'ACTIVE', '--timeout', '10s', '--poll-interval', '1s']);
    check(back.code === 0, 'every preference is ACTIVE again');
    await metrics();
  } finally {
    await cloudformation.stop();
  }
}
