/**
 * Whether the deployed handler's role may read a secret, asked of IAM's policy simulator (SimulatePrincipalPolicy, the
 * role as principal, `secretsmanager:GetSecretValue` on the secret's full ARN): what the handler would meet at its
 * next Create, Put or re-apply, without reading the value. A caller without iam:SimulatePrincipalPolicy gets a warning.
 */
import { SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import type { Verdict } from './checks';
import type { StackInAssembly } from '../../tools/cloudformation/template';
import { Clients, describeError } from '../aws';
import type { StackPreference } from '../preferences';

/** The handler role's ARN once the stack is deployed: its function's `Role` in the template, the role's physical id. */
export function handlerRoleArn(stack: StackInAssembly, deployed: readonly StackPreference[] | undefined): string | undefined {
  const handler = stack.customResources[0]?.handler.logicalId;
  const resources = (stack.template.Resources ?? {}) as Record<string, { Properties?: { Role?: unknown } }>;
  const role = (resources[handler ?? '']?.Properties?.Role as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt']?.[0];
  const roleName = deployed?.find((d) => d.logicalId === role)?.physicalId;
  // The account: of the stack's deployed preferences or units (their ARNs name it).
  const account = deployed?.map((d) => /^arn:aws[-a-z]*:invoicing::(\d{12}):/.exec(d.physicalId ?? '')?.[1]).find(Boolean);
  if (!roleName || !account) return undefined;
  const partition = stack.stackId.split(':')[1] || 'aws';
  return `arn:${partition}:iam::${account}:role/${roleName}`;
}

export async function handlerMayRead(clients: Clients, roleArn: string, secretArn: string): Promise<[Verdict, string]> {
  try {
    const answer = await clients.iam().send(new SimulatePrincipalPolicyCommand({
      PolicySourceArn: roleArn, ActionNames: ['secretsmanager:GetSecretValue'], ResourceArns: [secretArn],
    }));
    const decision = answer.EvaluationResults?.[0]?.EvalDecision ?? 'unknown';
    const role = roleArn.slice(roleArn.lastIndexOf('/') + 1);
    if (decision === 'allowed') return ['PASS', `the handler's role ${role} may read it`];
    return ['FAIL', `the handler's role ${role} may not read it (${decision}): deploy again so that the stack grants it, `
      + 'or check a Deny in a permissions boundary or an SCP'];
  } catch (error) {
    return ['WARN', `SimulatePrincipalPolicy failed: ${describeError(error)}; whether the handler may read it is not checked`];
  }
}
