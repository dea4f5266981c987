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

/** Logical ids of the stack's rules that match the event and target the function with this logical id. */
export function rulesMatching(stack: StackInAssembly, event: object, functionLogicalId: string): string[] {
  const resources = (stack.template.Resources ?? {}) as Record<string, { Type?: string; Properties?: Json }>;
  return Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Events::Rule' && r.Properties?.State !== 'DISABLED')
    .filter(([, r]) => matchesPattern(stack.resolve(r.Properties?.EventPattern) as Json, event as Json))
    .filter(([, r]) => ((r.Properties?.Targets ?? []) as Json[])
      .some((t) => JSON.stringify(t.Arn) === JSON.stringify({ 'Fn::GetAtt': [functionLogicalId, 'Arn'] })))
    .map(([id]) => id);
}
