/**
 * What `npm publish` would ship: the compiled library, its jsii assembly with the translated snippets of its docs
 * (.jsii.tabl.json, which jsii-rosetta and jsii-pacmak read wherever the package is translated), the handler bundle and the docs, and none of the sources,
 * tests, tools, contributor docs or local outputs (cdk.out/ from `npm run demo` would carry templates).
 *
 * Reads `npm pack --dry-run`, so it needs what `npx projen build` makes before the tests: lib/ and .jsii (compile) and
 * assets/lambda/index/index.js (bundle). A bare `jest` run on a fresh clone fails here with the command to run.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const BUNDLE = 'assets/lambda/index/index.js';
const POLLER_BUNDLE = 'assets/lambda/status-poller/index.js';
const CLI_BUNDLE = 'assets/cli/index/index.js';

function packedFiles(): string[] {
  for (const needed of ['lib/index.js', '.jsii', '.jsii.tabl.json', BUNDLE, POLLER_BUNDLE, CLI_BUNDLE]) {
    if (!fs.existsSync(path.join(ROOT, needed))) {
      throw new Error(`${needed} is missing: run \`npx projen compile\` and \`npx projen bundle\` (or the whole \`npx projen build\`) first`);
    }
  }
  const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [report] = JSON.parse(output) as Array<{ files: Array<{ path: string }> }>;
  return report.files.map((f) => f.path).sort();
}

describe('the npm tarball', () => {
  let files: string[];
  beforeAll(() => {
    files = packedFiles();
  });

  test('ships the library, its jsii assembly, the handler, poller and command-line bundles and the docs', () => {
    expect(files).toEqual(expect.arrayContaining([
      'lib/index.js', 'lib/index.d.ts', '.jsii', '.jsii.tabl.json', BUNDLE, POLLER_BUNDLE, CLI_BUNDLE, 'API.md', 'README.md', 'LICENSE',
      'package.json',
    ]));
  });

  test('ships nothing but lib/*.js and lib/*.d.ts, the bundles and the package files', () => {
    const allowed = new RegExp('^(lib/.+\\.(js|d\\.ts)|assets/lambda/(index|status-poller|delivery-monitor|enrolment)/index\\.js|assets/cli/index/index\\.js'
      + '|assets/tools/cloudformation/lambda-runtime/index\\.js|assets/testing/index/index\\.js|testing/(package\\.json|index\\.d\\.ts|report\\.d\\.ts)'
      + '|\\.jsii|\\.jsii\\.tabl\\.json|API\\.md|README\\.md|LICENSE|package\\.json)$');
    expect(files.filter((f) => !allowed.test(f))).toEqual([]);
  });

  test('is an allow-list: package.json names what ships, and a stray file at the root is never packed', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { files?: string[] };
    expect(manifest.files).toEqual([
      'lib/**/*.js', 'lib/**/*.d.ts', '.jsii', '.jsii.tabl.json', 'assets/lambda/index/index.js',
      'assets/lambda/status-poller/index.js', 'assets/lambda/delivery-monitor/index.js', 'assets/lambda/enrolment/index.js', 'assets/cli/index/index.js',
      'assets/tools/cloudformation/lambda-runtime/index.js',
      'assets/testing/index/index.js', 'testing/package.json', 'testing/index.d.ts', 'testing/report.d.ts', 'API.md',
    ]);
    // Files a deny-list would have to foresee: notes, credentials, a local assembly copy.
    const strays = ['stray-notes.txt', '.env.local', 'debug-template.json'];
    try {
      strays.forEach((f) => fs.writeFileSync(path.join(ROOT, f), 'must not ship'));
      expect(packedFiles().filter((f) => strays.includes(f))).toEqual([]);
    } finally {
      strays.forEach((f) => fs.rmSync(path.join(ROOT, f), { force: true }));
    }
  });

  test('the handler bundle is self-contained: no require of the SDK the Lambda runtime may lack', () => {
    const bundle = fs.readFileSync(path.join(ROOT, BUNDLE), 'utf8');
    expect(bundle).not.toMatch(/require\(["']@aws-sdk\/client-(invoicing|secrets-manager)["']\)/);
    expect(bundle).toContain('CreateProcurementPortalPreference');
    for (const other of [POLLER_BUNDLE, CLI_BUNDLE]) {
      expect(fs.readFileSync(path.join(ROOT, other), 'utf8')).not.toMatch(/require\(["']@aws-sdk\/client-[a-z-]+["']\)/);
    }
  });

  test('the command-line tool is the package\'s bin, an executable script', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin?: Record<string, string> };
    expect(pkg.bin).toEqual({ 'cdk-procurement-portal': CLI_BUNDLE });
    expect(fs.readFileSync(path.join(ROOT, CLI_BUNDLE), 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
  });
});
