import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { IAMClient } from '@aws-sdk/client-iam';
import { InvoicingClient } from '@aws-sdk/client-invoicing';

/**
 * The SDK clients of one run, from the default credential chain (environment, profile, SSO, instance role). The SDK
 * reads AWS_ENDPOINT_URL_INVOICING / AWS_ENDPOINT_URL_CLOUDFORMATION / AWS_ENDPOINT_URL_IAM itself. Standard retries (throttling, 5xx,
 * network) with the SDK's backoff.
 */
export interface Clients {
  readonly invoicing: InvoicingClient;
  readonly cloudformation: () => CloudFormationClient;
  /** IAM's endpoint is global (us-east-1 for the aws partition). */
  readonly iam: () => IAMClient;
}

export function clients(env: Readonly<Record<string, string | undefined>>): Clients {
  // The Invoicing endpoint is global: every commercial region resolves to us-east-1.
  // A profile named on the command line (--profile) or in the environment chooses the credentials (and its region).
  const profile = env.AWS_PROFILE ? { profile: env.AWS_PROFILE } : {};
  const invoicing = new InvoicingClient({ region: env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1', maxAttempts: 4, ...profile });
  let cloudformation: CloudFormationClient | undefined;
  let iam: IAMClient | undefined;
  return {
    invoicing,
    // A stack lives in a region: the default chain's (AWS_REGION, the profile's region) when one is set.
    cloudformation: () => cloudformation ??= new CloudFormationClient({
      ...(env.AWS_REGION || env.AWS_DEFAULT_REGION ? { region: env.AWS_REGION || env.AWS_DEFAULT_REGION } : {}),
      maxAttempts: 4,
      ...profile,
    }),
    iam: () => iam ??= new IAMClient({ region: 'us-east-1', maxAttempts: 4, ...profile }),
  };
}

/** `Code: message` of an SDK error (its name and message only: never the request). */
export function describeError(error: unknown): string {
  const e = error as { name?: string; message?: string };
  return `${e?.name ?? 'Error'}: ${e?.message ?? String(error)}`;
}

const REFUSALS = new Set(['ValidationException', 'ConflictException', 'ResourceNotFoundException', 'ValidationError']);

/** True when the service refused the request (as opposed to credentials, access, throttling or the network failing). */
export function isRefusal(error: unknown): boolean {
  return REFUSALS.has((error as { name?: string })?.name ?? '');
}

/**
 * Every item of a paged list call: `page(nextToken)` asks for one page, until the service gives no NextToken (or
 * gives one twice, which would loop for ever).
 */
export async function allPages<T>(page: (nextToken: string | undefined) => Promise<{ items?: T[]; NextToken?: string }>): Promise<T[]> {
  const all: T[] = [];
  const seen = new Set<string>();
  let nextToken: string | undefined;
  do {
    const answer = await page(nextToken);
    all.push(...answer.items ?? []);
    nextToken = answer.NextToken || undefined;
    if (nextToken !== undefined && seen.has(nextToken)) throw new Error('the service returned the same NextToken twice');
    if (nextToken !== undefined) seen.add(nextToken);
  } while (nextToken !== undefined);
  return all;
}
