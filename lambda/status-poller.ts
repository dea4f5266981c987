/**
 * The status poller's entry point (its own bundle, assets/lambda/status-poller/index.js): reads every procurement
 * portal preference of the account with ListProcurementPortalPreferences (100 per page, so ceil(N/100) calls for N
 * preferences; never Get, whose output holds the shared secret) and writes, per preference and feature, 1 while the
 * status is ACTIVE, else 0, as embedded-metric-format lines on stdout.
 */
import {
  InvoicingClient,
  ListProcurementPortalPreferencesCommand,
  ProcurementPortalPreferenceSummary,
} from '@aws-sdk/client-invoicing';
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { runScheduled } from './scheduled';
import { METRIC_DIMENSION, METRIC_NAMESPACE } from '../src/contract/wire';

// Its own bundle and role (List only): it shares no module with the handler, whose invoicing.ts creates the handler's
// client on load.
const LIST = 'ListProcurementPortalPreferences';
const LIST_PAGE_SIZE = 100;

/** The SDK's own standard retries (throttling, 5xx, network): a missed period is simply polled again at the next one. */
const client = new InvoicingClient({ region: process.env.AWS_REGION || 'us-east-1', maxAttempts: 5, credentials: fromEnv() });

/** The statuses this release knows (the enum has grown before: others are tolerated, counted 0 and logged). */
const KNOWN_STATUSES: ReadonlySet<string> = new Set([
  'PENDING_VERIFICATION', 'VALIDATED', 'TEST_INITIALIZED', 'TEST_INITIALIZATION_FAILED', 'TEST_FAILED', 'ACTIVE', 'SUSPENDED',
]);

const FEATURES = [
  {
    metric: 'EinvoiceDeliveryActive',
    enabled: (s: ProcurementPortalPreferenceSummary) => s.EinvoiceDeliveryEnabled !== false,
    status: (s: ProcurementPortalPreferenceSummary) => s.EinvoiceDeliveryPreferenceStatus,
  },
  {
    metric: 'PurchaseOrderRetrievalActive',
    enabled: (s: ProcurementPortalPreferenceSummary) => s.PurchaseOrderRetrievalEnabled !== false,
    status: (s: ProcurementPortalPreferenceSummary) => s.PurchaseOrderRetrievalPreferenceStatus,
  },
] as const;

export interface PollResult {
  readonly preferences: number;
  readonly listCalls: number;
  readonly unknownStatuses: number;
}

/** Writes one line: stdout in a Lambda with the Text log format reaches CloudWatch Logs as it is. */
type Write = (line: string) => void;

/** One EMF document per preference, both features in it: 1 for a feature that is enabled and ACTIVE, else 0. */
export function metricDocument(summary: ProcurementPortalPreferenceSummary, timestamp: number, namespace: string): Record<string, unknown> {
  const values: Record<string, number> = {};
  for (const feature of FEATURES) values[feature.metric] = feature.enabled(summary) && feature.status(summary) === 'ACTIVE' ? 1 : 0;
  return {
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [{
        Namespace: namespace,
        Dimensions: [[METRIC_DIMENSION]],
        Metrics: FEATURES.map((f) => ({ Name: f.metric, Unit: 'None' })),
      }],
    },
    [METRIC_DIMENSION]: summary.ProcurementPortalPreferenceArn,
    ...values,
  };
}

export async function poll(write: Write, now: () => number = Date.now): Promise<PollResult> {
  const namespace = process.env.PPP_METRIC_NAMESPACE || METRIC_NAMESPACE;
  let nextToken: string | undefined;
  const seen = new Set<string>();
  let listCalls = 0;
  let preferences = 0;
  let unknownStatuses = 0;
  do {
    const page = await client.send(new ListProcurementPortalPreferencesCommand({
      MaxResults: LIST_PAGE_SIZE, ...(nextToken ? { NextToken: nextToken } : {}),
    }));
    listCalls += 1;
    const timestamp = now();
    for (const summary of page.ProcurementPortalPreferences ?? []) {
      if (!summary.ProcurementPortalPreferenceArn) continue;
      preferences += 1;
      for (const feature of FEATURES) {
        const status = feature.status(summary);
        if (status !== undefined && !KNOWN_STATUSES.has(status)) {
          unknownStatuses += 1;
          write(JSON.stringify({
            level: 'warn',
            outcome: 'unknown-status',
            physicalResourceId: summary.ProcurementPortalPreferenceArn,
            message: `${feature.metric}: unknown status '${String(status).slice(0, 60)}' counted as not active`,
          }));
        }
      }
      write(JSON.stringify(metricDocument(summary, timestamp, namespace)));
    }
    nextToken = page.NextToken || undefined;
    // A service that hands back a token it already gave would page forever: the run fails instead (its Errors metric).
    if (nextToken !== undefined && seen.has(nextToken)) throw new Error(`${LIST} returned the same NextToken twice`);
    if (nextToken !== undefined) seen.add(nextToken);
  } while (nextToken);
  return { preferences, listCalls, unknownStatuses };
}

export function handler(): Promise<PollResult> {
  return runScheduled(LIST, (write) => poll(write));
}
