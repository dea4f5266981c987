/**
 * Small statistics for repeated measurements: the median is the figure, min and max show the machine's noise.
 */
import * as os from 'node:os';

export interface Sample {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly count: number;
}

export function summarize(values: readonly number[]): Sample {
  if (values.length === 0) throw new Error('summarize: no values (a measurement produced nothing)');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], count: sorted.length };
}

/** `1.23 s` or `456 ms`. */
export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
}

/** `min-max` of a sample, in the unit of `format`. */
export function spread(sample: Sample, format: (value: number) => string): string {
  return `${format(sample.min)}..${format(sample.max)}`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}

/** The 1, 5 and 15 minute load averages against the core count: the machine's noise while the bench ran. */
export function loadAverage(): string {
  const [one, five, fifteen] = os.loadavg();
  return `load average ${one.toFixed(2)} ${five.toFixed(2)} ${fifteen.toFixed(2)} on ${os.cpus().length} cores`;
}

/** Collects garbage when node runs with --expose-gc, so one measurement does not pay for the previous one's garbage. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
