/** What `simulate` and `simulateLifecycle` report: one entry per stack. Plain data, also the `--json` output. */

export interface SimulatedEvent {
  readonly logicalId: string;
  /** Create, Update, Delete, or the rotation's `Secret Label Updated`. */
  readonly event: string;
  readonly status: 'SUCCESS' | 'FAILED';
  readonly reason?: string;
  /** The Invoicing API calls the handler made, in order; a failed one with its error code. */
  readonly calls: string[];
}

export interface SimulatedStep {
  readonly step: 'create' | 'update' | 'rotation' | 'delete';
  /** The stack's status after it (a rotation: RE-APPLIED, NOT-WATCHED or FAILED). */
  readonly status: string;
  readonly ok: boolean;
  readonly events: SimulatedEvent[];
}

export interface FinalPreference {
  readonly arn: string;
  readonly portal: string;
  readonly einvoiceDelivery: string;
  readonly purchaseOrderRetrieval: string;
}

export interface SimulatedStack {
  readonly stackName: string;
  readonly steps: SimulatedStep[];
  /** What the emulated account holds before the delete: each preference with its statuses. */
  readonly preferences: FinalPreference[];
  readonly ok: boolean;
}
