/**
 * The handler's own stack as CloudFormation reports it: its status, and the physical ids of its preferences. Nothing is
 * read from the template: what CloudFormation resolved (the physical ids) and what the handler recorded on each
 * preference (secret-record.ts) are the only sources of a re-apply.
 */
import { CloudFormationClient, DescribeStackResourceCommand, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { ReasonError } from './errors';
import { CallContext, callWithRetries } from './retry';
import { PREFERENCE_ARN_PATTERN } from '../../src/contract/constraints';
import { RESOURCE_TYPE } from '../../src/contract/wire';

let client: CloudFormationClient | undefined;
function cloudformation(): CloudFormationClient {
  client ??= new CloudFormationClient({ region: process.env.AWS_REGION || 'us-east-1', maxAttempts: 1, credentials: fromEnv() });
  return client;
}

export const DESCRIBE_STACKS = 'DescribeStacks';
export const DESCRIBE_STACK_RESOURCE = 'DescribeStackResource';
export const LIST_STACK_RESOURCES = 'ListStackResources';

export interface StackState {
  readonly status: string;
  /** Changes with every stack operation: compared around a Put to notice a deploy that started meanwhile. */
  readonly version: string;
}

/** The stack's status, or `undefined` when the stack no longer exists. */
export async function describeStack(stackId: string, ctx: CallContext): Promise<StackState | undefined> {
  let output;
  try {
    output = await callWithRetries(DESCRIBE_STACKS, ctx, (abortSignal) =>
      cloudformation().send(new DescribeStacksCommand({ StackName: stackId }), { abortSignal }));
  } catch (error) {
    // "Stack with id ... does not exist" (ValidationError) for a deleted stack, when asked by its id.
    if (/does not exist/.test(String((error as Error)?.message))) return undefined;
    throw error;
  }
  const stack = output.Stacks?.[0];
  if (!stack?.StackStatus) return undefined;
  return {
    status: stack.StackStatus,
    version: `${stack.StackStatus}@${(stack.LastUpdatedTime ?? stack.CreationTime)?.toISOString() ?? ''}`,
  };
}

export interface StackResourceState {
  readonly status: string;
  /** The resource's current physical id (a replaced resource's old one is not it). */
  readonly physicalId?: string;
}

/** One resource of the stack, by logical id; `undefined` when the stack has no such resource. */
export async function describeStackResource(stackId: string, logicalId: string, ctx: CallContext): Promise<StackResourceState | undefined> {
  let output;
  try {
    output = await callWithRetries(DESCRIBE_STACK_RESOURCE, ctx, (abortSignal) =>
      cloudformation().send(new DescribeStackResourceCommand({ StackName: stackId, LogicalResourceId: logicalId }), { abortSignal }));
  } catch (error) {
    if (/does not exist/.test(String((error as Error)?.message))) return undefined;
    throw error;
  }
  const detail = output.StackResourceDetail;
  return detail?.ResourceStatus ? { status: detail.ResourceStatus, physicalId: detail.PhysicalResourceId } : undefined;
}

/**
 * Whether a re-apply may write now. CloudFormation may be changing the very preference while an operation runs
 * (`*_IN_PROGRESS`), and after a failed update or rollback (`UPDATE_FAILED`, `UPDATE_ROLLBACK_FAILED`) the deployed
 * configuration is not settled either: the pass waits for the stack's next status change.
 */
export function isSettled(status: string): boolean {
  return !status.endsWith('_IN_PROGRESS') && !status.endsWith('_FAILED');
}

export interface StackPreference {
  readonly logicalId: string;
  /** The preference ARN, as CloudFormation recorded the handler's answer. */
  readonly arn: string;
}

/** The stack's preferences that exist (their physical id is a preference ARN), page by page. */
export async function stackPreferences(stackId: string, ctx: CallContext): Promise<StackPreference[]> {
  const preferences: StackPreference[] = [];
  const seen = new Set<string>();
  let nextToken: string | undefined;
  do {
    const token = nextToken;
    const page = await callWithRetries(LIST_STACK_RESOURCES, ctx, (abortSignal) =>
      cloudformation().send(new ListStackResourcesCommand({ StackName: stackId, NextToken: token }), { abortSignal }));
    for (const r of page.StackResourceSummaries ?? []) {
      if (r.ResourceType !== RESOURCE_TYPE || !r.LogicalResourceId || !PREFERENCE_ARN_PATTERN.test(r.PhysicalResourceId ?? '')) continue;
      if (r.ResourceStatus === 'DELETE_COMPLETE') continue;
      preferences.push({ logicalId: r.LogicalResourceId, arn: r.PhysicalResourceId! });
    }
    nextToken = page.NextToken || undefined;
    if (nextToken !== undefined && seen.has(nextToken)) throw new ReasonError(`${LIST_STACK_RESOURCES} returned the same NextToken twice`);
    if (nextToken !== undefined) seen.add(nextToken);
  } while (nextToken !== undefined);
  return preferences;
}
