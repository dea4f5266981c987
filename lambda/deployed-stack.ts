import {
  CloudFormationClient, DescribeStacksCommand, GetTemplateCommand, ListStackResourcesCommand, type Stack,
} from '@aws-sdk/client-cloudformation';
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { tuning } from './deadline';
import { StackValues, pseudoParameters } from './intrinsics';
import { CallContext, callWithRetries } from './retry';
import { RESOURCE_TYPE } from '../src/private/wire';

/**
 * The handler's own stack as deployed, read from CloudFormation: its status, its template and its resources' physical
 * ids. This is where the secret re-apply finds each preference's desired configuration: the template carries no secret
 * value, only the references the handler resolves again.
 */

let client: CloudFormationClient | undefined;
function cloudformation(): CloudFormationClient {
  client ??= new CloudFormationClient({ region: process.env.AWS_REGION || 'us-east-1', maxAttempts: 1, credentials: fromEnv() });
  return client;
}

export const DESCRIBE_STACKS = 'DescribeStacks';
export const GET_TEMPLATE = 'GetTemplate';
export const LIST_STACK_RESOURCES = 'ListStackResources';

/** The stack when no operation is running on it: its template then holds what its resources were last deployed with. */
export interface SettledStack {
  readonly status: string;
  /** Changes with every stack operation: compared after a re-apply to notice a deploy that ran meanwhile. */
  readonly version: string;
  readonly parameters: Record<string, string>;
}

/** A preference of the template, with its properties as written (intrinsics unresolved) and its deployed ARN. */
export interface DeployedPreference {
  readonly logicalId: string;
  readonly physicalId: string;
  readonly properties: Record<string, unknown>;
}

export class StackBusyError extends Error {}

async function describe(stackId: string, ctx: CallContext): Promise<Stack | undefined> {
  try {
    const output = await callWithRetries(DESCRIBE_STACKS, ctx, (abortSignal) =>
      cloudformation().send(new DescribeStacksCommand({ StackName: stackId }), { abortSignal }));
    return output.Stacks?.[0];
  } catch (error) {
    // CloudFormation answers ValidationError "Stack with id ... does not exist" for a deleted stack.
    if (/does not exist/.test(String((error as Error)?.message))) return undefined;
    throw error;
  }
}

/**
 * Waits while an operation runs on the stack (a deploy, a rollback), polling until the invocation's time runs out:
 * `undefined` when the stack is gone or being deleted, a `StackBusyError` when still busy at the deadline.
 */
export async function settledStack(stackId: string, ctx: CallContext): Promise<SettledStack | undefined> {
  for (;;) {
    const stack = await describe(stackId, ctx);
    const status = stack?.StackStatus ?? 'DELETE_COMPLETE';
    if (status.startsWith('DELETE_')) return undefined;
    if (!status.endsWith('_IN_PROGRESS')) {
      return {
        status,
        version: `${status}@${(stack?.LastUpdatedTime ?? stack?.CreationTime)?.toISOString() ?? ''}`,
        parameters: Object.fromEntries((stack?.Parameters ?? [])
          .map((p) => [p.ParameterKey ?? '', p.ResolvedValue ?? p.ParameterValue ?? ''])),
      };
    }
    const waitMs = tuning().stackPollMs;
    if (ctx.deadline.workRemainingMs() < waitMs * 2) throw new StackBusyError(`the stack is still ${status}`);
    ctx.log.info({ operation: DESCRIBE_STACKS, outcome: 'waiting', message: `The stack is ${status}: waiting for it to settle` });
    await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
}

/** The stack's preferences as deployed, and what resolving their properties needs. */
export async function deployedPreferences(stackId: string, stack: SettledStack, ctx: CallContext):
Promise<{ preferences: DeployedPreference[]; values: StackValues }> {
  const [templateOutput, physicalIds] = await Promise.all([
    callWithRetries(GET_TEMPLATE, ctx, (abortSignal) =>
      cloudformation().send(new GetTemplateCommand({ StackName: stackId, TemplateStage: 'Processed' }), { abortSignal })),
    resourcePhysicalIds(stackId, ctx),
  ]);
  // Synthesized templates are JSON; a YAML template written by hand is not read.
  const template = JSON.parse(templateOutput.TemplateBody ?? '{}') as {
    Resources?: Record<string, { Type?: string; Properties?: Record<string, unknown> }>;
    Mappings?: Record<string, unknown>;
    Conditions?: Record<string, unknown>;
  };
  const preferences = Object.entries(template.Resources ?? {})
    .filter(([logicalId, r]) => r.Type === RESOURCE_TYPE && physicalIds[logicalId] !== undefined)
    .map(([logicalId, r]) => ({ logicalId, physicalId: physicalIds[logicalId], properties: r.Properties ?? {} }));
  return {
    preferences,
    values: {
      parameters: stack.parameters,
      physicalIds,
      pseudo: pseudoParameters(stackId),
      mappings: template.Mappings,
      conditions: template.Conditions,
    },
  };
}

async function resourcePhysicalIds(stackId: string, ctx: CallContext): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  let nextToken: string | undefined;
  do {
    const token = nextToken;
    const page = await callWithRetries(LIST_STACK_RESOURCES, ctx, (abortSignal) =>
      cloudformation().send(new ListStackResourcesCommand({ StackName: stackId, NextToken: token }), { abortSignal }));
    for (const r of page.StackResourceSummaries ?? []) {
      if (r.LogicalResourceId && r.PhysicalResourceId) ids[r.LogicalResourceId] = r.PhysicalResourceId;
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return ids;
}
