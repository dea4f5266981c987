/**
 * Plays a user's synthesized stack through the local world (tools/local-world.ts): create, an update to a next synth
 * when one is given, each shared secret's rotation, delete. Every event is answered by the stack's own handler asset
 * from cdk.out, talking to the emulators; nothing leaves 127.0.0.1. The report holds each event's API calls and
 * result, never a secret or a contact.
 */
import { randomUUID } from 'node:crypto';
import type { SimulatedEvent, SimulatedStack, SimulatedStep } from '../../testing/report';
import { rulesMatching } from '../../tools/cloudformation/event-rules';
import type { Invocation, StackOperation } from '../../tools/cloudformation/simulator';
import type { StackInAssembly } from '../../tools/cloudformation/template';
import { LocalWorld } from '../../tools/local-world';

type Json = Record<string, unknown>;

function propertiesOf(stack: StackInAssembly): Record<string, Json> {
  return Object.fromEntries(stack.customResources.map((r) => [r.logicalId, r.properties]));
}

/** Plays `stack`, then (when given) an update to `next`, a rotation of each shared secret, and the delete. */
export async function simulateStack(stack: StackInAssembly, next: StackInAssembly | undefined, runtimeFile: string | undefined,
  progress: (line: string) => void): Promise<SimulatedStack> {
  const events: SimulatedEvent[] = [];
  let world: LocalWorld | undefined;
  let mark = 0;
  const onInvocationStart = (): void => {
    mark = world!.invoicing.log.length;
  };
  const onInvocation = (invocation: Invocation): void => {
    // An outcome is a description of what the call did, or an error code (`...Exception`), `dropped` or `hung`.
    const failed = (outcome: string): boolean => /Exception$|^dropped$|^hung$/.test(outcome);
    const calls = world!.invoicing.log.slice(mark).map((c) => (failed(c.outcome) ? `${c.operation} (${c.outcome})` : c.operation));
    const e = invocation.event as unknown as Json;
    const response = invocation.response;
    const status = response ? response.Status : invocation.handlerError ? 'FAILED' : 'SUCCESS';
    // Only a failure's Reason is shown: the handler's Reasons never hold a secret or a contact.
    const reason = status === 'FAILED' ? response?.Reason ?? invocation.handlerError : undefined;
    events.push({
      logicalId: String(e.LogicalResourceId ?? '-'),
      event: String(e.RequestType ?? e['detail-type'] ?? 'event'),
      status: status === 'FAILED' ? 'FAILED' : 'SUCCESS',
      ...(reason ? { reason } : {}),
      calls,
    });
  };
  return LocalWorld.run(stack, { onInvocationStart, onInvocation, runtimeFile, seedAccount: true }, async (started) => {
    world = started;
    const steps: SimulatedStep[] = [];
    const record = (step: SimulatedStep['step'], status: string, expected: string[], from: number): void => {
      const taken = events.slice(from);
      steps.push({ step, status, ok: expected.includes(status) && taken.every((e) => e.status === 'SUCCESS'), events: taken });
      progress(`  ${step}: ${status} (${taken.length} event${taken.length === 1 ? '' : 's'})`);
    };
    const operate = async (step: SimulatedStep['step'], run: () => Promise<StackOperation>, expected: string): Promise<void> => {
      progress(`${stack.stackName}: ${step}...`);
      const from = events.length;
      record(step, (await run()).status, [expected], from);
    };

    await operate('create', () => started.simulator.createStack(propertiesOf(stack)), 'CREATE_COMPLETE');
    if (next) await operate('update', () => started.simulator.updateStack(propertiesOf(next)), 'UPDATE_COMPLETE');
    for (const secret of sharedSecrets(started)) {
      progress(`${stack.stackName}: rotation of ${secret.name}...`);
      const from = events.length;
      const event = started.secrets.putValue(secret.arn, rotated(secret.value, secret.fields));
      const watched = rulesMatching(stack, event, stack.customResources[0].handler.logicalId).length > 0;
      const invocations = watched ? await started.simulator.deliverEvent(event) : [];
      const failed = invocations.some((i) => i.handlerError !== undefined);
      record('rotation', !watched ? 'NOT-WATCHED' : failed ? 'FAILED' : 'RE-APPLIED', ['RE-APPLIED', 'NOT-WATCHED'], from);
    }
    const preferences = started.invoicing.list().map((p) => ({
      arn: p.arn,
      portal: String(p.identity.ProcurementPortalName),
      einvoiceDelivery: p.einvoiceDeliveryPreferenceStatus,
      purchaseOrderRetrieval: p.purchaseOrderRetrievalPreferenceStatus,
    }));
    await operate('delete', () => started.simulator.deleteStack(), 'DELETE_COMPLETE');
    return { stackName: stack.stackName, steps, preferences, ok: steps.every((s) => s.ok) };
  });
}

/** The seeded secrets that feed a shared secret (not the contacts), with the JSON fields the template reads. */
function sharedSecrets(world: LocalWorld): Array<{ arn: string; name: string; value: string; fields: string[] }> {
  const refs: Json[] = [];
  for (const r of world.stack.customResources) {
    const test = r.properties.TestEnvPreference as Json | undefined;
    for (const ref of [r.properties.ProcurementPortalSharedSecretRef, test?.ProcurementPortalSharedSecretRef]) {
      if (ref && typeof ref === 'object') refs.push(ref as Json);
    }
  }
  const partial = (arn: string): string => arn.replace(/-[A-Za-z0-9]{6}$/, '');
  return world.secrets.list().flatMap((secret) => {
    const uses = refs.filter((ref) => partial(String(ref.SecretArn)) === partial(secret.arn) || String(ref.SecretArn) === partial(secret.arn));
    if (uses.length === 0) return [];
    const fields = uses.map((ref) => ref.JsonField).filter((f): f is string => typeof f === 'string');
    return [{ arn: secret.arn, name: secret.name, value: String(secret.value), fields }];
  });
}

/** A new value of the same shape: each field the template reads, or the whole string, replaced. */
function rotated(value: string, fields: string[]): string {
  const fresh = (): string => `rotated-${randomUUID()}`;
  if (fields.length === 0) return fresh();
  const parsed = JSON.parse(value) as Json;
  return JSON.stringify({ ...parsed, ...Object.fromEntries(fields.map((f) => [f, fresh()])) });
}
