import { Io } from './command';
import { PreferenceRow } from './preferences';

/** Statuses that will not become ACTIVE by themselves: waiting stops there. */
export const FAILURE_STATUSES: ReadonlySet<string> = new Set(['TEST_FAILED', 'TEST_INITIALIZATION_FAILED', 'SUSPENDED']);
/** The statuses this release knows; any other is shown as it is and waited on (the enum has grown before). */
export const KNOWN_STATUSES: ReadonlySet<string> = new Set([
  'PENDING_VERIFICATION', 'VALIDATED', 'TEST_INITIALIZED', 'TEST_INITIALIZATION_FAILED', 'TEST_FAILED', 'ACTIVE', 'SUSPENDED',
]);

interface FeatureState {
  readonly preference: string;
  readonly feature: string;
  readonly status: string;
}

/** The enabled features of each row, with their statuses (a disabled feature has nothing to wait for). */
export function featureStates(rows: PreferenceRow[]): FeatureState[] {
  return rows.flatMap((row) => {
    const preference = row.LogicalResourceId ?? row.ProcurementPortalPreferenceArn ?? '?';
    return [
      ...(row.EinvoiceDeliveryEnabled === false ? [] : [{ preference, feature: 'e-invoice delivery', status: row.EinvoiceDeliveryPreferenceStatus ?? 'UNKNOWN' }]),
      ...(row.PurchaseOrderRetrievalEnabled === false ? [] : [{ preference, feature: 'purchase order retrieval', status: row.PurchaseOrderRetrievalPreferenceStatus ?? 'UNKNOWN' }]),
    ];
  });
}

export type Verdict = { kind: 'active' } | { kind: 'failed'; failed: FeatureState[] } | { kind: 'waiting'; pending: FeatureState[] };

export function verdict(rows: PreferenceRow[]): Verdict {
  const states = featureStates(rows);
  const failed = states.filter((s) => FAILURE_STATUSES.has(s.status));
  if (failed.length > 0) return { kind: 'failed', failed };
  const pending = states.filter((s) => s.status !== 'ACTIVE');
  return pending.length === 0 ? { kind: 'active' } : { kind: 'waiting', pending };
}

export function describeStates(states: FeatureState[]): string {
  return states.map((s) => `${s.preference} ${s.feature} ${s.status}${KNOWN_STATUSES.has(s.status) ? '' : ' (a status this tool does not know)'}`).join(', ');
}

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly pollIntervalMs: number;
  /** Reads the rows; a throttled read is retried at the next poll. */
  readonly load: () => Promise<PreferenceRow[]>;
  readonly isTransient: (error: unknown) => boolean;
}

export type WaitOutcome = { kind: 'active' | 'failed' | 'timeout'; rows: PreferenceRow[]; detail: string };

const MAX_BACKOFF_MS = 60_000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls with a growing interval (x1.5, at most a minute or the given interval) until ACTIVE, a failure, or the timeout. */
export async function waitForActive(options: WaitOptions, io: Io, now: () => number = Date.now): Promise<WaitOutcome> {
  const started = now();
  const deadline = started + options.timeoutMs;
  let delay = options.pollIntervalMs;
  let rows: PreferenceRow[] = [];
  let detail = 'no poll completed';
  for (;;) {
    try {
      rows = await options.load();
      const v = verdict(rows);
      if (v.kind === 'active') return { kind: 'active', rows, detail: 'every enabled feature is ACTIVE' };
      if (v.kind === 'failed') return { kind: 'failed', rows, detail: describeStates(v.failed) };
      detail = `waiting for ${describeStates(v.pending)}`;
    } catch (error) {
      if (!options.isTransient(error)) throw error;
      detail = `the read failed (${(error as Error).name ?? 'Error'}), retrying`;
    }
    const elapsed = Math.round((now() - started) / 1000);
    if (now() + delay > deadline) return { kind: 'timeout', rows, detail };
    io.err(`[${elapsed}s] ${detail}; next poll in ${Math.round(delay / 100) / 10}s`);
    await sleep(delay);
    delay = Math.min(delay * 1.5, Math.max(MAX_BACKOFF_MS, options.pollIntervalMs));
  }
}
