/**
 * Where the synth time goes, when the L2 is slower than the L1: the share of aws-cdk-lib's template validation
 * (CDK_VALIDATION=false switches it off), and a CPU profile of one L2 and one L1 synth with self time per source file
 * and inclusive time for the frames a reader asks about (our validation, tags, dependencies, resolve, template JSON).
 */
import * as inspector from 'node:inspector/promises';
import * as path from 'node:path';
import { Report } from './report';
import { Flavour } from './stacks';
import { formatMs, summarize } from './stats';
import { SynthRun, synthOnce } from './synth';

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
  { label: 'L2 props validation (src/validation.ts)', matches: (_fn, file) => file === 'src/validation.ts' },
  { label: 'L2 constructor (ProcurementPortalPreference)', matches: (fn, file) => fn === 'ProcurementPortalPreference' && file.startsWith('src/') },
  { label: 'HandlerProvider.of + secret grants', matches: (fn, file) => file === 'src/private/provider.ts' && (fn === 'of' || fn === 'grantReadSecret') },
  { label: 'tags: TagManager + Tags aspect', matches: (_fn, file) => /aws-cdk-lib\/core\/lib\/(tag-manager|tag-aspect)\.js$/.test(file) },
  { label: 'aspects (invokeAspects)', matches: (fn) => fn === 'invokeAspects' || fn === 'invokeAspectsV2' },
  { label: 'addDependency / DependsOn', matches: (fn, file) => /core\/lib\/deps\.js$/.test(file) || fn === 'addDependency' },
  { label: 'token resolution (resolve)', matches: (fn, file) => fn === 'resolve' && /core\/lib\/private\/resolve\.js$/.test(file) },
  { label: 'template validation (validateTemplates)', matches: (fn) => fn === 'validateTemplates' },
  { label: 'template JSON (_toCloudFormation)', matches: (fn) => fn === '_toCloudFormation' },
  { label: 'files written (writeFileSync)', matches: (fn) => fn === 'writeFileSync' },
];

/** A source file name relative to the repo or to node_modules; V8's own frames by name. */
function fileOf(url: string, functionName: string): string {
  if (url.startsWith('wasm://')) return 'aws-cdk-lib WASM template validator';
  if (url === '') return functionName.startsWith('(') ? functionName : `(native) ${functionName}`;
  const clean = url.replace(/^file:\/\//, '');
  const nodeModules = clean.lastIndexOf('/node_modules/');
  if (nodeModules >= 0) return clean.slice(nodeModules + '/node_modules/'.length);
  if (clean.startsWith(ROOT)) return path.relative(ROOT, clean);
  return clean;
}

interface Attribution {
  readonly totalMs: number;
  readonly selfByFile: Map<string, number>;
  readonly inclusive: Map<string, number>;
}

function attribute(profile: CpuProfile): Attribution {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfByFile = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let totalMs = 0;
  profile.samples.forEach((id, index) => {
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') return;
    totalMs += ms;
    const file = fileOf(node.callFrame.url, node.callFrame.functionName);
    selfByFile.set(file, (selfByFile.get(file) ?? 0) + ms);
    // Each frame of interest counts once per sample, however deep the recursion.
    const hit = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      const frameFile = fileOf(frame.url, frame.functionName);
      for (const f of FRAMES_OF_INTEREST) if (!hit.has(f.label) && f.matches(frame.functionName, frameFile)) hit.add(f.label);
    }
    for (const label of hit) inclusive.set(label, (inclusive.get(label) ?? 0) + ms);
  });
  return { totalMs, selfByFile, inclusive };
}

async function profiledSynth(session: inspector.Session, flavour: Flavour, count: number, workDir: string): Promise<Attribution> {
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  synthOnce(flavour, count, workDir);
  const { profile } = await session.post('Profiler.stop') as unknown as { profile: CpuProfile };
  return attribute(profile);
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

export async function profileSynth(report: Report, count: number, reps: number, workDir: string): Promise<void> {
  report.section(`Synth profile at N=${count}: where the L2's time goes`);
  const off: Record<Flavour, SynthRun[]> = { L2: [], L1: [] };
  for (let rep = 0; rep < reps; rep++) {
    const order: Flavour[] = rep % 2 === 0 ? ['L2', 'L1'] : ['L1', 'L2'];
    for (const flavour of order) off[flavour].push(withoutTemplateValidation(() => synthOnce(flavour, count, workDir)));
  }
  const l2Off = summarize(off.L2.map((r) => r.totalMs)).median;
  const l1Off = summarize(off.L1.map((r) => r.totalMs)).median;
  report.figure(`synth time without CDK template validation (CDK_VALIDATION=false) N=${count}`,
    `L2 ${formatMs(l2Off)} vs L1 ${formatMs(l1Off)} = ${(l2Off / l1Off).toFixed(2)}x (${reps} reps each)`);

  const session = new inspector.Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    const l2 = await profiledSynth(session, 'L2', count, workDir);
    const l1 = await profiledSynth(session, 'L1', count, workDir);
    report.figure('CPU profile, one run each (profiler on: slower than the medians)',
      `L2 ${formatMs(l2.totalMs)} vs L1 ${formatMs(l1.totalMs)}; inclusive time of the frames asked about:`);
    for (const { label } of FRAMES_OF_INTEREST) {
      const a = l2.inclusive.get(label) ?? 0;
      const b = l1.inclusive.get(label) ?? 0;
      if (a < 1 && b < 1) continue;
      report.note(`${label.padEnd(48)} L2 ${formatMs(a).padStart(8)}  L1 ${formatMs(b).padStart(8)}  delta ${formatMs(a - b)}`);
    }
    report.figure('self time by file, largest L2 - L1 differences', '');
    const files = new Set([...l2.selfByFile.keys(), ...l1.selfByFile.keys()]);
    const deltas = [...files].map((file) => ({ file, a: l2.selfByFile.get(file) ?? 0, b: l1.selfByFile.get(file) ?? 0 }))
      .sort((x, y) => (y.a - y.b) - (x.a - x.b))
      .slice(0, 10);
    for (const { file, a, b } of deltas) {
      report.note(`${file.padEnd(64)} L2 ${formatMs(a).padStart(8)}  L1 ${formatMs(b).padStart(8)}  delta ${formatMs(a - b)}`);
    }
  } finally {
    await session.post('Profiler.disable').catch(() => undefined);
    session.disconnect();
  }
}
