/**
 * Where the synth time goes, when the L2 is slower than the L1. In CPU time, medians of alternating runs:
 * building the tree, synth with aws-cdk-lib's template validation switched off (CDK_VALIDATION=false), and that
 * validation alone (its CloudFormationValidatePlugin run on each written template). Then a CPU profile of both
 * flavours (validation off) with the inclusive time of the frames a reader asks about: the L2's props validation,
 * its constructor, the handler provider, tags, token and reference resolution, template JSON.
 */
import * as fs from 'node:fs';
import * as inspector from 'node:inspector/promises';
import * as path from 'node:path';
import { CloudFormationValidatePlugin } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { Report } from './report';
import { Flavour, buildApp } from './stacks';
import { collectGarbage, formatMs, summarize } from './stats';
import { synthOnce } from './synth';

const ROOT = path.resolve(__dirname, '..', '..');

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
  readonly children?: number[];
}

interface CpuProfile {
  readonly nodes: ProfileNode[];
  readonly samples: number[];
  readonly timeDeltas: number[];
}

/** Frames whose inclusive time (the frame and everything it calls) is reported, by function name and file. */
const FRAMES_OF_INTEREST: ReadonlyArray<{ label: string; matches: (fn: string, file: string) => boolean }> = [
  { label: 'L2 constructor (ProcurementPortalPreference)', matches: (fn, file) => fn === 'ProcurementPortalPreference' && file.startsWith('src/') },
  { label: '  of which props validation (validateProps)', matches: (fn, file) => fn === 'validateProps' && file.startsWith('src/') },
  { label: '  of which HandlerProvider (of + first creation)', matches: (fn, file) => file === 'src/private/provider.ts' && (fn === 'of' || fn === 'HandlerProvider') },
  { label: 'tags (TagManager, Tags aspect)', matches: (_fn, file) => /aws-cdk-lib\/core\/lib\/(tag-manager|tag-aspect)\.js$/.test(file) },
  { label: 'aspects (invokeAspects)', matches: (fn) => fn === 'invokeAspects' || fn === 'invokeAspectsV2' },
  { label: 'references between constructs (resolveReferences)', matches: (fn) => fn === 'resolveReferences' },
  { label: 'token resolution (resolve)', matches: (fn, file) => fn === 'resolve' && /core\/lib\/private\/resolve\.js$/.test(file) },
  { label: 'template JSON (_toCloudFormation)', matches: (fn) => fn === '_toCloudFormation' },
  { label: 'creation stack traces (captureStackTrace)', matches: (fn, file) => /core\/lib\/private\/stack-trace\.js$/.test(file) || fn === 'captureStackTrace' },
  { label: 'files written (writeFileSync)', matches: (fn) => fn === 'writeFileSync' },
];

/** A source file relative to the repo or to node_modules. */
function fileOf(url: string): string {
  const clean = url.replace(/^file:\/\//, '');
  const nodeModules = clean.lastIndexOf('/node_modules/');
  if (nodeModules >= 0) return clean.slice(nodeModules + '/node_modules/'.length);
  return clean.startsWith(ROOT) ? path.relative(ROOT, clean) : clean;
}

/** Inclusive milliseconds per frame of interest, over one profile. */
function inclusiveTimes(profile: CpuProfile, into: Map<string, number>): number {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  let totalMs = 0;
  profile.samples.forEach((id, index) => {
    if (byId.get(id)!.callFrame.functionName === '(idle)') return;
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    totalMs += ms;
    // Each frame of interest counts once per sample, however deep the recursion.
    const hit = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      const file = fileOf(frame.url);
      for (const f of FRAMES_OF_INTEREST) if (f.matches(frame.functionName, file)) hit.add(f.label);
    }
    for (const label of hit) into.set(label, (into.get(label) ?? 0) + ms);
  });
  return totalMs;
}

function withoutTemplateValidation<T>(fn: () => T): T {
  const before = process.env.CDK_VALIDATION;
  process.env.CDK_VALIDATION = 'false';
  try {
    return fn();
  } finally {
    if (before === undefined) delete process.env.CDK_VALIDATION; else process.env.CDK_VALIDATION = before;
  }
}

function cpuMsOf(fn: () => void): number {
  collectGarbage();
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function compare(report: Report, label: string, l2: number[], l1: number[]): void {
  const a = summarize(l2).median;
  const b = summarize(l1).median;
  report.figure(label, `L2 ${formatMs(a)} vs L1 ${formatMs(b)} = ${(a / b).toFixed(2)}x (difference ${formatMs(a - b)})`);
}

/** The profile explains the L2's distance to the native L1, the floor. */
type Profiled = Exclude<Flavour, 'ACR'>;

const ORDER = (rep: number): Profiled[] => (rep % 2 === 0 ? ['L2', 'L1'] : ['L1', 'L2']);

export async function profileSynth(report: Report, count: number, reps: number, workDir: string): Promise<void> {
  report.section(`Synth profile at N=${count}: where the L2's time goes (CPU time, medians of ${reps} alternating runs)`);
  const construct: Record<Profiled, number[]> = { L2: [], L1: [] };
  const synth: Record<Profiled, number[]> = { L2: [], L1: [] };
  for (let rep = 0; rep < reps; rep++) {
    for (const flavour of ORDER(rep)) {
      const run = withoutTemplateValidation(() => synthOnce(flavour, count, workDir));
      construct[flavour].push(run.constructCpuMs);
      synth[flavour].push(run.cpuMs - run.constructCpuMs);
    }
  }
  compare(report, 'build the construct tree', construct.L2, construct.L1);
  compare(report, 'app.synth() without template validation (CDK_VALIDATION=false)', synth.L2, synth.L1);

  // aws-cdk-lib's default template validation (a WASM engine), run alone on each flavour's written template.
  const templates = {} as Record<Profiled, string>;
  for (const flavour of ['L2', 'L1'] as const) {
    const assembly = withoutTemplateValidation(() => buildApp(flavour, count, fs.mkdtempSync(path.join(workDir, `validate-${flavour}-`))).synth());
    templates[flavour] = path.join(assembly.directory, assembly.getStackByName('BenchStack').templateFile);
  }
  const plugin = new CloudFormationValidatePlugin();
  const validation: Record<Profiled, number[]> = { L2: [], L1: [] };
  for (let rep = 0; rep < reps; rep++) {
    for (const flavour of ORDER(rep)) {
      validation[flavour].push(cpuMsOf(() => plugin.validate({
        templatePaths: [templates[flavour]],
        stackTemplates: [{ stackConstructPath: 'BenchStack', templatePath: templates[flavour] }],
        accountId: '123456789012',
        region: 'us-east-1',
        appConstruct: undefined as unknown as IConstruct,
      })));
    }
  }
  compare(report, 'template validation alone (CloudFormationValidatePlugin on the written template)', validation.L2, validation.L1);
  const total = summarize(construct.L2).median + summarize(synth.L2).median + summarize(validation.L2).median;
  report.note(`template validation is ${Math.round(100 * summarize(validation.L2).median / total)}% of the L2's CPU at N=${count}`);

  const session = new inspector.Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    const frames: Record<Profiled, Map<string, number>> = { L2: new Map(), L1: new Map() };
    const totals: Record<Profiled, number> = { L2: 0, L1: 0 };
    for (let rep = 0; rep < reps; rep++) {
      for (const flavour of ORDER(rep)) {
        await session.post('Profiler.start');
        withoutTemplateValidation(() => synthOnce(flavour, count, workDir));
        const { profile } = await session.post('Profiler.stop') as unknown as { profile: CpuProfile };
        totals[flavour] += inclusiveTimes(profile, frames[flavour]) / reps;
      }
    }
    report.figure('CPU profile, validation off (mean of the profiled runs, profiler overhead included)',
      `L2 ${formatMs(totals.L2)} vs L1 ${formatMs(totals.L1)}; inclusive time per frame:`);
    for (const { label } of FRAMES_OF_INTEREST) {
      const a = (frames.L2.get(label) ?? 0) / reps;
      const b = (frames.L1.get(label) ?? 0) / reps;
      report.note(`${label.padEnd(52)} L2 ${formatMs(a).padStart(8)}  L1 ${formatMs(b).padStart(8)}`);
    }
  } finally {
    await session.post('Profiler.disable').catch(() => undefined);
    session.disconnect();
  }
}
