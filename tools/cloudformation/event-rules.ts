/**
 * EventBridge's rule matching, for the rules of a synthesized stack: which rules an event matches (their patterns
 * resolved as the rest of the stack), and whether they target a given function. Covers what the library's rules use:
 * exact values and `prefix`, on nested fields and on list fields such as `resources`.
 */
import { StackInAssembly } from './template';

type Json = Record<string, unknown>;

function matchesValue(condition: unknown, value: unknown): boolean {
  if (Array.isArray(value)) return value.some((v) => matchesValue(condition, v));
  if (condition !== null && typeof condition === 'object') {
    const prefix = (condition as Json).prefix;
    return typeof prefix === 'string' && typeof value === 'string' && value.startsWith(prefix);
  }
  return condition === value;
}

/** An event pattern matches when every field it names matches one of the field's allowed values. */
export function matchesPattern(pattern: Json, event: Json): boolean {
  return Object.entries(pattern).every(([key, condition]) => {
    const value = event[key];
    if (Array.isArray(condition)) return condition.some((c) => matchesValue(c, value));
    return condition !== null && typeof condition === 'object' && value !== null && typeof value === 'object'
      && matchesPattern(condition as Json, value as Json);
  });
}

type Rules = Array<[string, { Type?: string; Properties?: Json }]>;

/** The stack's enabled rules that target the function with this logical id. */
function rulesTargeting(stack: StackInAssembly, functionLogicalId: string): Rules {
  const resources = (stack.template.Resources ?? {}) as Record<string, { Type?: string; Properties?: Json }>;
  return Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Events::Rule' && r.Properties?.State !== 'DISABLED')
    .filter(([, r]) => ((r.Properties?.Targets ?? []) as Json[])
      .some((t) => JSON.stringify(t.Arn) === JSON.stringify({ 'Fn::GetAtt': [functionLogicalId, 'Arn'] })));
}

/** Logical ids of the stack's rules that match the event and target the function with this logical id. */
export function rulesMatching(stack: StackInAssembly, event: object, functionLogicalId: string): string[] {
  return rulesTargeting(stack, functionLogicalId).filter(([, r]) => r.Properties?.EventPattern !== undefined)
    .filter(([, r]) => matchesPattern(stack.resolve(r.Properties?.EventPattern) as Json, event as Json))
    .map(([id]) => id);
}

/**
 * The events the stack's schedule rules that target the function send when they fire, as EventBridge sends them
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html: source `aws.events`,
 * detail-type `Scheduled Event`, the rule's ARN in `resources`, an empty detail).
 */
export function scheduledEvents(stack: StackInAssembly, functionLogicalId: string, account: string, region: string): object[] {
  return rulesTargeting(stack, functionLogicalId).filter(([, r]) => r.Properties?.ScheduleExpression !== undefined)
    .map(([id]) => ({
      'version': '0',
      'id': globalThis.crypto.randomUUID(),
      'detail-type': 'Scheduled Event',
      'source': 'aws.events',
      'account': account,
      'time': new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      'region': region,
      'resources': [`arn:aws:events:${region}:${account}:rule/${stack.stackName}-${id}`],
      'detail': {},
    }));
}
