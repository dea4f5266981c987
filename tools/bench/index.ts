/**
 * `npm run bench`: synth against the native L1, the handler bundle, API calls per lifecycle event, 50
 * concurrent creates under throttling, and the handler's peak memory. One line per figure; PASS or MISS per target;
 * last line `bench: N PASS, M MISS`. Exits 0 when the bench ran (a MISS is a finding), 1 when the bench itself broke.
 *
 * Options: `--only synth,bundle,api,concurrency` runs a subset (memory comes with concurrency); `--profile` profiles
 * the synth even when the L2 is not slower; `--quick` runs every part with small N and few repetitions (CI runs it so
 * that a bench that broke is noticed: its timings are too few to judge, only its run to the end counts).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runActivationCalls } from './activation-calls';
import { runApiCalls } from './api-calls';
import { runBundle } from './bundle';
import { reportMemory, runConcurrency } from './concurrency';
import { Report } from './report';
import { loadAverage } from './stats';
import { runSynth } from './synth';
import { profileSynth } from './synth-profile';
import { runUnitCalls } from './unit-calls';
import { HANDLER_BUNDLE } from '../emulators/bundles';

const ROOT = path.resolve(__dirname, '..', '..');
const PARTS = ['synth', 'bundle', 'api', 'concurrency'] as const;
type Part = (typeof PARTS)[number];

interface Options {
  readonly parts: Set<Part>;
  readonly profile: boolean;
  readonly quick: boolean;
}

function parseArgs(argv: string[]): Options {
  let parts = new Set<Part>(PARTS);
  let profile = false;
  let quick = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--profile') {
      profile = true;
    } else if (arg === '--quick') {
      quick = true;
    } else if (arg === '--only') {
      const names = (argv[++i] ?? '').split(',').filter(Boolean);
      const unknown = names.filter((n) => !(PARTS as readonly string[]).includes(n));
      if (unknown.length > 0 || names.length === 0) {
        throw new Error(`--only takes a comma-separated list of ${PARTS.join(', ')}, got '${argv[i] ?? ''}'`);
      }
      parts = new Set(names as Part[]);
    } else {
      throw new Error(`unknown argument '${arg}'; allowed: --only ${PARTS.join(',')}, --profile, --quick`);
    }
  }
  return { parts, profile, quick };
}

function revision(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'lambda'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return `${commit}${dirty ? ' (src/ or lambda/ modified)' : ''}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

async function main(): Promise<void> {
  const { parts, profile, quick } = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const report = new Report();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ppp-bench-'));
  process.stdout.write(`bench: cdk-procurement-portal ${revision()}, node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'}; `
    + `${loadAverage()} at start${(globalThis as { gc?: unknown }).gc ? '' : '; run with --expose-gc for steadier synth figures'}\n`);
  try {
    if (parts.has('synth')) {
      const synth = quick
        ? runSynth(report, { counts: [1, 20], reps: () => 1, workDir })
        : runSynth(report, { counts: [1, 50, 200, 500], reps: (n) => (n === 200 ? 7 : n >= 500 ? 3 : 5), workDir });
      if (profile || (synth.ratioAt200 ?? 0) > 1.2) await profileSynth(report, 200, 3, workDir);
    }
    if (parts.has('bundle')) runBundle(report, { bundleFile: HANDLER_BUNDLE, reps: quick ? 1 : 7, root: ROOT });
    let singleRss: number[] = [];
    if (parts.has('api')) singleRss = (await runApiCalls(report, workDir)).peakRssKb;
    if (parts.has('api')) await runActivationCalls(report, workDir);
    if (parts.has('api')) await runUnitCalls(report, workDir);
    if (parts.has('concurrency')) {
      const concurrency = await runConcurrency(report, { count: quick ? 5 : 50, requestsPerSecond: 5, workDir });
      reportMemory(report, concurrency, singleRss);
    }
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  report.section('Noise');
  report.figure('machine', `${loadAverage()} at the end; the bench took ${((Date.now() - started) / 1000).toFixed(0)} s`);
  report.summary();
  if (quick) process.stdout.write('bench: quick mode ran to the end (its figures are too few to judge: run `npm run bench` for them)\n');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench: broken: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exit(1);
  },
);
