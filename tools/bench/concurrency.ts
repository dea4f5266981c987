/**
 * Concurrency figure: 50 preferences created at once (50 concurrent invocations, one process each, as 50 Lambda
 * containers) against the Invoicing emulator throttling above 5 requests per second; wall time, retries (throttled
 * answers counted at the emulator), every response and its duration against the handler's timeout. The same run
 * gives the handler's peak memory: each process reports its maxRSS.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Report } from './report';
import { buildApp } from './stacks';
import { formatMs, summarize } from './stats';
import { benchWorld, deliveryProblems, peakRssKb, synthesizeAndRead } from './world';
import { CREATE } from '../../lambda/aws/invoicing';

/** The construct's memorySize (MB): what the peak RSS must stay under. */
export const HANDLER_MEMORY_MB = 128;

export interface ConcurrencyOptions {
  readonly count: number;
  readonly requestsPerSecond: number;
  readonly workDir: string;
}

export interface ConcurrencyFigures {
  readonly peakRssKb: number[];
  /** The handler function's MemorySize in the synthesized template (MB). */
  readonly memorySize: number;
}

export async function runConcurrency(report: Report, options: ConcurrencyOptions): Promise<ConcurrencyFigures> {
  const { count, requestsPerSecond } = options;
  report.section(`Concurrency: ${count} creates at once, Invoicing emulator throttling above ${requestsPerSecond} requests/s`);
  const stack = synthesizeAndRead(buildApp('L2', count, fs.mkdtempSync(path.join(options.workDir, 'concurrency-'))));
  const handler = stack.customResources[0].handler;
  const memorySize = Number((stack.template.Resources as Record<string, { Properties?: { MemorySize?: unknown } }>)[handler.logicalId]
    ?.Properties?.MemorySize);

  const world = await benchWorld(stack);
  world.invoicing.throttleAbove(requestsPerSecond);
  const sim = world.simulator;
  let wallMs: number;
  let deliveries;
  try {
    const started = Date.now();
    deliveries = await Promise.all(stack.customResources.map((resource) =>
      sim.deliver(sim.event('Create', resource.logicalId, resource.properties))));
    wallMs = Date.now() - started;
  } finally {
    await sim.stop();
    await world.stop();
  }

  const throttled = world.invoicing.log.filter((e) => e.outcome === 'ThrottlingException').length;
  const createsApplied = world.invoicing.log.filter((e) => e.operation === CREATE && e.outcome === 'ok').length;
  const failures = deliveries.map((d) => deliveryProblems(d)).filter((p): p is string => p !== undefined);
  const invocations = deliveries.flatMap((d) => d.invocations);
  const timeoutMs = handler.timeoutSeconds * 1000;
  const durations = summarize(invocations.map((i) => i.durationMs));
  const pacing = Math.ceil(count / requestsPerSecond) * 1000;

  report.figure('wall time', `${formatMs(wallMs)} for ${count} creates (the throttle alone needs >= ${formatMs(pacing - 1000)} for `
    + `${count} Creates at ${requestsPerSecond}/s); invocation durations median ${formatMs(durations.median)}, max ${formatMs(durations.max)}`);
  report.figure('retries', `${throttled} throttled answers (ThrottlingException at the emulator) for ${createsApplied} Creates applied`
    + ` = ${(throttled / count).toFixed(1)} retries per create; ${invocations.length - count} Lambda re-invocations`);
  report.target('all creates succeed within the handler deadline',
    `${count - failures.length}/${count} SUCCESS, ${createsApplied} preferences created, slowest invocation ${formatMs(durations.max)} `
    + `of the ${formatMs(timeoutMs)} Lambda timeout; target ${count}/${count}, each < timeout`,
    failures.length === 0 && createsApplied === count && durations.max < timeoutMs && invocations.every((i) => !i.timedOut));
  if (failures.length > 0) report.note(`first failures: ${[...new Set(failures)].slice(0, 3).join(' | ')}`);

  const peaks = invocations.map(peakRssKb).filter((kb): kb is number => kb !== undefined);
  if (peaks.length < invocations.length) report.note(`${invocations.length - peaks.length} processes were killed before reporting their RSS`);
  return { peakRssKb: peaks, memorySize };
}

/**
 * Peak RSS over the run: the largest maxRSS of any handler process (each one invocation, as one Lambda container),
 * against 128 MB, the smallest Lambda memory size, which the construct must set.
 */
export function reportMemory(report: Report, concurrent: ConcurrencyFigures, single: number[]): void {
  report.section('Handler peak memory (peak RSS, VmHWM, of each handler process)');
  if (concurrent.peakRssKb.length === 0) throw new Error('no handler process reported its RSS: the rss probe did not run');
  const all = summarize(concurrent.peakRssKb.map((kb) => kb / 1024));
  const one = single.length > 0 ? summarize(single.map((kb) => kb / 1024)) : undefined;
  report.target('peak RSS over the concurrent run', `max ${all.max.toFixed(1)} MiB, median ${all.median.toFixed(1)} MiB over`
    + ` ${all.count} processes${one ? `; lifecycle events max ${one.max.toFixed(1)} MiB` : ''}; target < ${HANDLER_MEMORY_MB} MiB`,
  all.max < HANDLER_MEMORY_MB && (one === undefined || one.max < HANDLER_MEMORY_MB));
  report.target('handler memorySize in the template', `${concurrent.memorySize} MB; target ${HANDLER_MEMORY_MB} (the smallest that fits)`,
    concurrent.memorySize === HANDLER_MEMORY_MB);
}
