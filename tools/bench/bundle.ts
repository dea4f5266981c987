/**
 * Handler bundle figure: the minified bundle's size, and the cold import time of the bundle against a bare
 * `require('@aws-sdk/client-invoicing')`, each in fresh Node processes, alternating, median.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { Report } from './report';
import { formatBytes, formatMs, spread, summarize } from './stats';

const PROBE = path.join(__dirname, 'import-probe.js');

export const BUNDLE_LIMIT_BYTES = 400 * 1024;

/** The environment of the handler's Lambda, so the bundle's module-level client setup runs as it would there. */
const LAMBDA_LIKE_ENV: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'ASIAEXAMPLEBENCH',
  AWS_SECRET_ACCESS_KEY: 'bench-secret-access-key',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

interface ProbeResult {
  readonly ms: number;
  readonly maxRssKb: number;
}

function probe(target: string): ProbeResult {
  const out = execFileSync(process.execPath, [PROBE, target], { env: LAMBDA_LIKE_ENV, encoding: 'utf8', timeout: 60_000 });
  return JSON.parse(out.trim().split('\n').pop() ?? '') as ProbeResult;
}

export function runBundle(report: Report, options: { bundleFile: string; reps: number; root: string }): void {
  report.section('Handler bundle');
  if (!fs.existsSync(options.bundleFile)) {
    throw new Error(`the handler bundle ${options.bundleFile} is missing: run \`npx projen bundle\` (\`npm run bench\` does)`);
  }
  const bytes = fs.statSync(options.bundleFile).size;
  const gzipped = zlib.gzipSync(fs.readFileSync(options.bundleFile), { level: 9 }).length;
  report.target('bundle size', `${bytes} bytes (${formatBytes(bytes)}, ${formatBytes(gzipped)} gzipped); `
    + `target <= ${BUNDLE_LIMIT_BYTES} bytes (400 KiB)`, bytes <= BUNDLE_LIMIT_BYTES);

  const bare = require.resolve('@aws-sdk/client-invoicing', { paths: [options.root] });
  const bundleRuns: ProbeResult[] = [];
  const bareRuns: ProbeResult[] = [];
  // One discarded run each: the first read of the files from disk is not what is compared.
  probe(options.bundleFile);
  probe(bare);
  for (let rep = 0; rep < options.reps; rep++) {
    if (rep % 2 === 0) {
      bundleRuns.push(probe(options.bundleFile));
      bareRuns.push(probe(bare));
    } else {
      bareRuns.push(probe(bare));
      bundleRuns.push(probe(options.bundleFile));
    }
  }
  const a = summarize(bundleRuns.map((r) => r.ms));
  const b = summarize(bareRuns.map((r) => r.ms));
  const ratio = a.median / b.median;
  report.target('cold import', `bundle ${formatMs(a.median)} vs bare require('@aws-sdk/client-invoicing') ${formatMs(b.median)}`
    + ` = ${ratio.toFixed(2)}x (${a.count} fresh processes each, bundle ${spread(a, formatMs)}, bare ${spread(b, formatMs)}); target <= 2.00x`,
  ratio <= 2);
  const rssA = summarize(bundleRuns.map((r) => r.maxRssKb / 1024));
  const rssB = summarize(bareRuns.map((r) => r.maxRssKb / 1024));
  report.figure('RSS after import', `bundle ${rssA.median.toFixed(1)} MiB vs bare client ${rssB.median.toFixed(1)} MiB (median peak RSS of the process)`);
}
