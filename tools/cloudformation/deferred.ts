/**
 * References between the stack's own custom resources (a preference's selector holding an invoice unit's `Ref`): only
 * a deploy knows their values, so reading the template leaves a marker in their place, and the simulator puts the
 * deployed resource's physical id (`Ref`) or response Data (`Fn::GetAtt`) there before it sends the event, as
 * CloudFormation resolves them once the referenced resource is created
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-ref.html).
 */
const MARKER = /\{\{deployed:([A-Za-z0-9]+)(?:\.([A-Za-z0-9.]+))?\}\}/g;

export const deferredRef = (logicalId: string): string => `{{deployed:${logicalId}}}`;
export const deferredAttribute = (logicalId: string, attribute: string): string => `{{deployed:${logicalId}.${attribute}}}`;

/** The logical ids a value refers to through markers. */
export function referencedIds(value: unknown): string[] {
  return [...JSON.stringify(value ?? null).matchAll(MARKER)].map((match) => match[1]);
}

/** What the deployed resources answered: the physical id, and the response's Data. */
export interface DeployedValues {
  readonly physicalResourceId: string;
  readonly data?: Readonly<Record<string, unknown>>;
}

/** `value` with every marker replaced; throws when a referenced resource is not deployed (the deploy order is wrong). */
export function resolveDeployed<T>(value: T, deployed: (logicalId: string) => DeployedValues | undefined): T {
  const replace = (text: string): string => text.replace(MARKER, (_whole, id: string, attribute?: string) => {
    const resource = deployed(id);
    if (!resource) throw new Error(`${id} is referenced before it was created`);
    if (attribute === undefined) return resource.physicalResourceId;
    const answer = resource.data?.[attribute];
    if (answer === undefined) throw new Error(`Fn::GetAtt ${id}.${attribute}: the resource answered no such attribute`);
    return String(answer);
  });
  const visit = (v: unknown): unknown => {
    if (typeof v === 'string') return replace(v);
    if (Array.isArray(v)) return v.map(visit);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, visit(x)]));
    return v;
  };
  return visit(value) as T;
}

/** The logical ids in an order where every resource comes after the ones it refers to (the template's order otherwise). */
export function deployOrder(properties: Readonly<Record<string, unknown>>): string[] {
  const order: string[] = [];
  const visiting = new Set<string>();
  const visit = (id: string): void => {
    if (order.includes(id) || visiting.has(id) || !(id in properties)) return;
    visiting.add(id);
    referencedIds(properties[id]).forEach(visit);
    order.push(id);
  };
  Object.keys(properties).forEach(visit);
  return order;
}
