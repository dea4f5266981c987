// Shared by the props checks and PortalSecret, which the checks import: a module of its own avoids the cycle.

/** What a value is, never what it holds: used in errors about values that may be secrets. */
export function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (typeof value !== 'object') return `a ${typeof value}`;
  const name = (value as object).constructor?.name;
  return name && name !== 'Object' ? `a ${name}` : 'an object';
}
