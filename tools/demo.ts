/**
 * `npm run demo`: a local deploy of the example app, with no AWS account. It reads the synthesized cdk.out, starts the
 * Invoicing and Secrets Manager emulators on 127.0.0.1, seeds the secrets the template references, and plays
 * CloudFormation's lifecycle against the bundled handler asset from cdk.out: create the stack, an update in place, an
 * update that forces a replacement (with the cleanup delete), a failed update and its rollback, the activation (the
 * command-line tool's send-validation, verify and status --wait ACTIVE, the status poller's metrics, a suspension and
 * its resume: demo-activation.ts), a replacement of the now ACTIVE preference refused by the guard, then delete. Before each
 * lifecycle step it prints the preview that `cdk-procurement-portal plan` gives for the same change (the handler's own
 * decision code).
 *
 * Usage: ts-node tools/demo.ts [cdk.out directory] [stack name]. Exits non-zero when a step does not behave as
 * CloudFormation needs, or when a secret or contact shows up in the output, a response or a log line.
 */
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { rulesMatching } from './cloudformation/event-rules';
import { CloudFormationSimulator, Invocation, StackOperation, StackStatus } from './cloudformation/simulator';
import { readStack, StackInAssembly } from './cloudformation/template';
import { playActivation } from './demo-activation';
import { playDoctor } from './demo-doctor';
import { playDeliveryMonitor } from './demo-monitor';
import { InvoicingEmulator } from './emulators/invoicing';
import { SecretsManagerEmulator } from './emulators/secrets-manager';
import { LocalWorld } from './local-world';
import { planPreferences } from '../cli/plan/decide';
import { renderText } from '../cli/plan/render';
import { TemplatePreference } from '../cli/plan/template';
import { RESOURCE_TYPE } from '../src/contract/wire';

type Json = Record<string, unknown>;

const assemblyDir = path.resolve(process.argv[2] ?? 'cdk.out');
const stackName = process.argv[3] ?? 'ProcurementPortalExample';

/** Everything printed, so the end can prove no secret or contact was. */
const printed: string[] = [];
const failures: string[] = [];
const say = (line = ''): void => {
  printed.push(line);
  console.log(line);
};
const check = (ok: boolean, what: string): void => {
  if (!ok) {
    failures.push(what);
    say(`  !! ${what}`);
  }
};

/** Values that must never be shown: the secrets' values and the contacts, wherever they came from. */
const sensitive = new Set<string>();

/** Members whose values are never printed: literal contacts (secret references are ARNs, and shown). */
const SENSITIVE_KEY = /(^|\.)Contacts(\.|$)/;

async function main(): Promise<void> {
  const stack = readStack(assemblyDir, stackName, RESOURCE_TYPE);
  if (stack.customResources.length === 0) throw new Error(`${stackName} has no ${RESOURCE_TYPE} resource`);
  for (const resource of stack.customResources) collectSensitive(resource.properties);
  let invoicingMark = 0;
  let secretsMark = 0;
  let cloudformationMark = 0;
  let world: LocalWorld | undefined;
  // The same local world as the benchmark and `simulate`; `run` stops its servers whatever throws.
  await LocalWorld.run(stack, {
    onInvocationStart: (event, phase) => {
      [invoicingMark, secretsMark, cloudformationMark] = [world!.invoicing.log.length, world!.secrets.log.length, world!.cloudformation.log.length];
      const label = phase === 'cleanup' || phase === 'rollback' || phase === 'rollback-cleanup' ? ` (${phase})` : '';
      say('RequestType' in event ? `  CloudFormation${label} -> ${describeEvent(event)}` : `  EventBridge -> ${describeLabelEvent(event)}`);
    },
    onInvocation: (invocation) => {
      for (const call of world!.cloudformation.log.slice(cloudformationMark)) say(`      CloudFormation ${call}`);
      for (const read of world!.secrets.log.slice(secretsMark)) say(`      Secrets Manager ${read.operation} ${shortSecret(read.secretId)}: ${read.outcome}`);
      for (const call of world!.invoicing.log.slice(invoicingMark)) say(`      Invoicing ${call.operation}: ${call.outcome}`);
      say('RequestType' in invocation.event ? `  <- ${describeResponse(invocation)}` : `  <- ${describeRotation(invocation)}`);
      for (const violation of invocation.violations) check(false, `${invocation.event.LogicalResourceId}: ${violation}`);
    },
  }, (started) => {
    world = started;
    return play(started);
  });
}

async function play(world: LocalWorld): Promise<void> {
  const { stack, invoicing, secrets, simulator } = world;
  const handler = stack.customResources[0].handler;
  world.seeded.sensitive.forEach((value) => sensitive.add(value));
  say(`Local deploy of ${stackName} from ${path.relative(process.cwd(), stack.templateFile)}`);
  say(`  handler: ${path.relative(process.cwd(), handler.file)} (${handler.runtime}, timeout ${handler.timeoutSeconds} s)`);
  say(`  emulators: Invoicing ${invoicing.endpoint}, Secrets Manager ${secrets.endpoint}, CloudFormation ${world.cloudformation.endpoint}`);
  say(`  secrets seeded: ${world.seeded.names.join(', ')}`);
  const allInvocations = simulator.invocations;

  {
    const initial: Record<string, Json> = Object.fromEntries(stack.customResources.map((r) => [r.logicalId, r.properties]));
    const [first, second] = stack.customResources.map((r) => r.logicalId);

    await playDoctor(world, assemblyDir, say, check, (title) => step(0, title));

    step(1, `Create the stack (${Object.keys(initial).length} preferences)`);
    preview({}, initial);
    const created = await simulator.createStack(initial);
    expectStatus(created, 'CREATE_COMPLETE');
    const firstArn = simulator.resources.get(first)?.physicalResourceId ?? '';
    check(invoicing.list().length === Object.keys(initial).length, `the emulator holds ${invoicing.list().length} preferences after create`);
    check(invoicing.get(firstArn)?.einvoiceDeliveryPreferenceStatus === 'PENDING_VERIFICATION', 'a new preference is PENDING_VERIFICATION');

    step(2, `Update ${first} in place (purchase order retrieval on, a tag added)`);
    const inPlaceProps = withChanges(initial[first], {
      PurchaseOrderRetrievalEnabled: true,
      ResourceTags: [...((initial[first].ResourceTags as Json[] | undefined) ?? []), { Key: 'cost-center', Value: 'cc-4711' }],
    });
    preview(deployed(simulator), { ...initial, [first]: inPlaceProps });
    const inPlace = await simulator.updateStack({ ...initial, [first]: inPlaceProps });
    expectStatus(inPlace, 'UPDATE_COMPLETE');
    check(simulator.resources.get(first)?.physicalResourceId === firstArn, 'an in-place update keeps the physical id');
    check(invoicing.get(firstArn)?.version === 2, 'the in-place update wrote version 2 (one Put)');
    check(invoicing.get(firstArn)?.tags.get('cost-center') === 'cc-4711', 'the new tag reached the preference');

    step(3, `Update ${first} with a new buyer identifier: a replacement, then the cleanup delete of the old one`);
    const replacedProps = withChanges(inPlaceProps, { BuyerIdentifier: `${String(initial[first].BuyerIdentifier)}-NEW` });
    const plannedReplace = preview(deployed(simulator), { ...initial, [first]: replacedProps });
    check(plannedReplace.find((p) => p.logicalId === first)?.action === 'replace', 'the preview announced the replacement');
    const replaced = await simulator.updateStack({ ...initial, [first]: replacedProps });
    expectStatus(replaced, 'UPDATE_COMPLETE');
    const newArn = simulator.resources.get(first)?.physicalResourceId ?? '';
    check(newArn !== firstArn && invoicing.get(newArn) !== undefined, 'the replacement has a new physical id');
    check(invoicing.get(firstArn) === undefined, 'the cleanup deleted the replaced preference');
    check(replaced.steps.some((s) => s.phase === 'cleanup' && s.delivery.response?.Status === 'SUCCESS'), 'the cleanup delete succeeded');

    const target = second ?? first;
    const targetArn = simulator.resources.get(target)?.physicalResourceId ?? '';
    const before = structuredClone(invoicing.get(targetArn)?.configuration);
    const retired = secrets.seed({ name: 'retired/shared-secret', value: JSON.stringify({ sharedSecret: demoSecret() }), fault: 'scheduled-for-deletion' });
    step(4, `Update ${target} to read a secret scheduled for deletion: the update fails and CloudFormation rolls back`);
    const current = target === first ? replacedProps : initial[target];
    const failing = withChanges(current, {
      PurchaseOrderRetrievalEnabled: !(current.PurchaseOrderRetrievalEnabled as boolean),
      ProcurementPortalSharedSecretRef: { SecretArn: retired, JsonField: 'sharedSecret' },
    });
    preview(deployed(simulator), { ...initial, [first]: replacedProps, [target]: failing });
    const rolledBack = await simulator.updateStack({ ...initial, [first]: replacedProps, [target]: failing });
    expectStatus(rolledBack, 'UPDATE_ROLLBACK_COMPLETE');
    const failedStep = rolledBack.steps[0];
    check(failedStep?.delivery.response?.Status === 'FAILED', 'the update failed');
    check(failedStep?.delivery.response?.PhysicalResourceId === targetArn, 'the failed update answered its own physical id');
    check((failedStep?.delivery.response?.Reason ?? '').includes(retired), 'the Reason names the secret');
    check(JSON.stringify(invoicing.get(targetArn)?.configuration) === JSON.stringify(before), 'the rollback restored the configuration');

    let activationSteps = 0;
    await playActivation({
      assemblyDir,
      stackName,
      invoicing,
      simulator,
      say,
      check,
      desired: { ...initial, [first]: replacedProps },
      step: (title) => step(`5${'abc'[activationSteps++]}`, title),
      hide: (value) => { if (value) sensitive.add(value); },
    });

    step(6, `${first} is ACTIVE now: a new supplier identifier is refused by the replacement guard`);
    check(invoicing.get(newArn)?.einvoiceDeliveryPreferenceStatus === 'ACTIVE', `${first} is ACTIVE before the change`);
    const guardedProps = withChanges(replacedProps, { SupplierIdentifier: `${String(replacedProps.SupplierIdentifier)}-NEW` });
    preview(deployed(simulator), { ...initial, [first]: guardedProps });
    const refused = await simulator.updateStack({ ...initial, [first]: guardedProps });
    expectStatus(refused, 'UPDATE_ROLLBACK_COMPLETE');
    check((refused.steps[0]?.delivery.response?.Reason ?? '').includes('allowReplacement'), 'the Reason names allowReplacement');
    check(simulator.resources.get(first)?.physicalResourceId === newArn && invoicing.get(newArn)?.einvoiceDeliveryPreferenceStatus === 'ACTIVE',
      'the ACTIVE preference was kept, with its ARN and status');

    await playDeliveryMonitor({ stack, invoicing, say, check, step: (title) => step(7, title) });

    await playRotation(stack, simulator, invoicing, secrets, 8);

    say();
    say('Emulator state before the delete (no secret or contact shown):');
    printState(invoicing);

    step(9, 'Delete the stack');
    preview(deployed(simulator), {});
    const deleted = await simulator.deleteStack();
    expectStatus(deleted, 'DELETE_COMPLETE');
    check(invoicing.list().length === 0, 'no preference is left after the delete');

    say();
    say('Emulator state at the end:');
    printState(invoicing);
    say(`  calls: ${[...invoicing.calls].map(([op, n]) => `${op} ${n}`).join(', ')}; GetSecretValue ${secrets.calls.get('GetSecretValue') ?? 0}`);
    checkNoLeaks(allInvocations);
  }
}

/**
 * Rotates the first preference's shared secret: Secrets Manager publishes "Secret Label Updated", the template's own
 * rule matches it, and the handler Puts every preference that references the secret, with no template change.
 */
async function playRotation(stack: StackInAssembly, simulator: CloudFormationSimulator, invoicing: InvoicingEmulator,
  secrets: SecretsManagerEmulator, n: number): Promise<void> {
  const [first] = [...simulator.resources.keys()];
  const ref = simulator.resources.get(first)?.properties.ProcurementPortalSharedSecretRef as { SecretArn: string; JsonField?: string } | undefined;
  const secret = ref && secrets.resolve(ref.SecretArn);
  if (!ref || !secret) {
    check(false, `${first} has no shared secret to rotate`);
    return;
  }
  step(n, `Rotate ${first}'s shared secret in Secrets Manager: re-applied without a deploy`);
  preview(deployed(simulator), deployed(simulator));
  const referencing = [...simulator.resources].filter(([, r]) => JSON.stringify(r.properties).includes(secret.arn.replace(/-[A-Za-z0-9]{6}$/, '')))
    .map(([, r]) => r.physicalResourceId);
  const versions = new Map(referencing.map((arn) => [arn, invoicing.get(arn)?.version ?? 0]));
  const value = demoSecret();
  const event = secrets.putValue(secret.arn, ref.JsonField ? JSON.stringify({ [ref.JsonField]: value }) : value);
  say(`  Secrets Manager PutSecretValue ${shortSecret(secret.arn)}: AWSCURRENT moved to version ${event.detail.versionId}`);
  const rules = rulesMatching(stack, event, stack.customResources[0].handler.logicalId);
  say(`  EventBridge: the event matches ${rules.join(', ') || 'no rule'} of the template, which targets the handler`);
  check(rules.length === 1, 'exactly one rule of the template matches the rotation and targets the handler');
  const invocations = await simulator.deliverEvent(event);
  check(invocations.length === 1 && invocations[0].handlerError === undefined, 'the re-apply succeeded at the first invocation');
  for (const arn of referencing) {
    const shared = (invoicing.get(arn)?.configuration.ProcurementPortalSharedSecret);
    check(shared === value, `${arn} holds the new value (not shown)`);
    check(invoicing.get(arn)?.version === (versions.get(arn) ?? 0) + 1, `${arn} got exactly one Put`);
  }
  say(`  ${referencing.length} preference(s) reference the secret: each got one Put with the new value (not shown)`);
}

/** The properties CloudFormation last deployed, per logical id. */
function deployed(simulator: CloudFormationSimulator): Record<string, Json> {
  return Object.fromEntries([...simulator.resources].map(([id, r]) => [id, r.properties as Json]));
}

function asTemplate(resources: Record<string, Json>): Map<string, TemplatePreference> {
  return new Map(Object.entries(resources).map(([logicalId, properties]) => [logicalId, { logicalId, properties }]));
}

/** What `cdk-procurement-portal plan` says about the change, printed before the step runs it. */
function preview(before: Record<string, Json>, after: Record<string, Json>): ReturnType<typeof planPreferences> {
  const plans = planPreferences(asTemplate(before), asTemplate(after));
  say('  preview (cdk-procurement-portal plan):');
  for (const line of renderText(plans).split('\n')) say(`    ${line}`);
  return plans;
}

function step(n: number | string, title: string): void {
  say();
  say(`== ${n}. ${title}`);
}

function expectStatus(operation: StackOperation, expected: StackStatus): void {
  say(`  stack: ${operation.status}`);
  check(operation.status === expected, `expected ${expected}, got ${operation.status}`);
}

function demoSecret(): string {
  const value = `demo-shared-secret-${randomUUID()}`;
  sensitive.add(value);
  return value;
}

function collectSensitive(value: unknown, key = ''): void {
  if (Array.isArray(value)) return value.forEach((v) => collectSensitive(v, key));
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Json)) collectSensitive(v, key === 'Contacts' ? key : k);
    return;
  }
  // Literal contacts in the template (the documented exception) must still never be printed or logged.
  if (key === 'Contacts' && typeof value === 'string') sensitive.add(value);
}

function withChanges(properties: Json, changes: Json): Json {
  return { ...structuredClone(properties), ...changes };
}

function describeEvent(event: CloudFormationCustomResourceEvent): string {
  const physical = 'PhysicalResourceId' in event ? ` ${event.PhysicalResourceId}` : '';
  let text = `${event.RequestType} ${event.LogicalResourceId}${physical}`;
  if (event.RequestType === 'Create') {
    const p = event.ResourceProperties as Json;
    text += `\n      ${String(p.ProcurementPortalName)} buyer ${String(p.BuyerIdentifier)} supplier ${String(p.SupplierIdentifier)}, `
      + `e-invoice delivery ${String(p.EinvoiceDeliveryEnabled)}, purchase orders ${String(p.PurchaseOrderRetrievalEnabled)} (every value a string, as CloudFormation sends it)`;
  }
  if (event.RequestType === 'Update') {
    const changes = diff(event.OldResourceProperties as Json, event.ResourceProperties as Json, '');
    text += `\n      changed: ${changes.join('; ') || 'nothing'}`;
  }
  return text;
}

/** Property paths that differ, with their values unless they are secrets or contacts. */
function diff(before: unknown, after: unknown, where: string): string[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);
  if (isObject(before) && isObject(after) && !SENSITIVE_KEY.test(where)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) => diff(before[k], after[k], where ? `${where}.${k}` : k));
  }
  if (SENSITIVE_KEY.test(where)) return [`${where} (not shown)`];
  return [`${where} ${JSON.stringify(before) ?? '(none)'} -> ${JSON.stringify(after) ?? '(none)'}`];
}

function describeLabelEvent(event: object): string {
  const e = event as { 'detail-type'?: string; 'resources'?: string[]; 'detail'?: { labelUpdated?: string } };
  return `${e['detail-type']} (${e.detail?.labelUpdated}) ${shortSecret(e.resources?.[0] ?? '')}`;
}

/** The handler's own summary lines of a re-apply (it answers nobody: an EventBridge invocation has no response). */
function describeRotation(invocation: Invocation): string {
  const outcomes = invocation.logs.flatMap((l) => {
    try {
      const line = JSON.parse(l.text) as { outcome?: string; logicalResourceId?: string; message?: string };
      return ['re-applied', 'skipped', 'failed', 'matched'].includes(line.outcome ?? '') ? [`${line.outcome}${line.logicalResourceId ? ` ${line.logicalResourceId}` : ''}: ${line.message ?? ''}`] : [];
    } catch {
      return [];
    }
  });
  const ended = invocation.handlerError ? `failed (${invocation.handlerError})` : 'done';
  return `${ended} (${invocation.durationMs} ms)${outcomes.map((o) => `
      ${o}`).join('')}`;
}

function describeResponse(invocation: Invocation): string {
  const r = invocation.response;
  if (!r) return `no response${invocation.timedOut ? ' (the Lambda timed out)' : ''}`;
  const reason = r.Reason ? `\n      reason: ${r.Reason}` : '';
  return `${r.Status} ${r.PhysicalResourceId ?? ''} (${invocation.durationMs} ms)${reason}`;
}

function shortSecret(secretId: string): string {
  return secretId.replace(/^arn:[^:]+:secretsmanager:[^:]+:\d+:secret:/, 'secret:');
}

function printState(invoicing: InvoicingEmulator): void {
  const preferences = invoicing.list();
  if (preferences.length === 0) say('  (no preferences)');
  for (const p of preferences) {
    say(`  ${p.arn}: ${p.identity.ProcurementPortalName} buyer ${p.identity.BuyerIdentifier} supplier ${p.identity.SupplierIdentifier}, `
      + `version ${p.version}, e-invoice ${p.einvoiceDeliveryPreferenceStatus}, purchase orders ${p.purchaseOrderRetrievalPreferenceStatus}, `
      + `tags ${JSON.stringify(Object.fromEntries(p.tags))}`);
  }
}

/**
 * No secret value or contact in the printed story, the responses or the handler's log lines. A value counts as shown
 * only as a whole token: the contact name 'Procurement' inside 'ProcurementPortalExample' is not a leak.
 */
function checkNoLeaks(invocations: Invocation[]): void {
  const texts = [
    ...printed,
    ...invocations.flatMap((i) => [...i.attempts.map((a) => a.body), ...i.logs.map((l) => l.text)]),
  ];
  const escape = (v: string): string => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const leaked = [...sensitive].filter((value) => {
    const token = new RegExp(`(^|[^A-Za-z0-9])${escape(value)}($|[^A-Za-z0-9])`);
    return texts.some((t) => token.test(t));
  });
  check(leaked.length === 0, `${leaked.length} secret or contact value(s) appeared in the output, a response or a log line`);
  if (leaked.length === 0) say(`  checked ${texts.length} printed lines, responses and log lines: no secret or contact value in any`);
}

main().then(
  () => {
    say();
    if (failures.length > 0) {
      say(`Demo FAILED: ${failures.length} step(s) did not behave as CloudFormation needs:`);
      failures.forEach((f) => say(`  - ${f}`));
      process.exitCode = 1;
    } else {
      say('Demo OK: every step behaved as CloudFormation needs.');
    }
  },
  (err: unknown) => {
    console.error(`Demo FAILED: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
