/**
 * The bundles the package ships, and how the demo, the tests and the benchmark run the command-line tool, the status
 * poller, the delivery monitor and the invoice-unit enrolment: in a child process, as a user's shell or the poller's schedule would, with fake credentials, away
 * from any ~/.aws configuration, and the emulators' endpoints in `env`.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
export const HANDLER_BUNDLE = path.join(ROOT, 'assets', 'lambda', 'index', 'index.js');
export const POLLER_BUNDLE = path.join(ROOT, 'assets', 'lambda', 'status-poller', 'index.js');
export const CLI_BUNDLE = path.join(ROOT, 'assets', 'cli', 'index', 'index.js');
export const MONITOR_BUNDLE = path.join(ROOT, 'assets', 'lambda', 'delivery-monitor', 'index.js');
export const ENROLMENT_BUNDLE = path.join(ROOT, 'assets', 'lambda', 'enrolment', 'index.js');

export interface BundleRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Fails with the command to run when a bundle is missing (a fresh clone has none). */
export function assertBundle(file: string): void {
  if (!fs.existsSync(file)) {
    throw new Error(`The bundle ${path.relative(ROOT, file)} is missing: run \`npx projen bundle\` (the test task does it before jest)`);
  }
}

/** `npx cdk-procurement-portal <args>`. */
export function runCli(args: string[], env: Record<string, string>): Promise<BundleRun> {
  return run([CLI_BUNDLE, ...args], env);
}

/** One run of the status poller as its schedule makes it (the bundle only exports its handler); code 1 when it rejects. */
export function runPoller(env: Record<string, string>): Promise<BundleRun> {
  return run(['-e', `require(${JSON.stringify(POLLER_BUNDLE)}).handler().then(() => process.exit(0), () => process.exit(1))`], env);
}

/** One run of the delivery monitor as its schedule makes it; code 1 when it rejects. */
export function runMonitor(env: Record<string, string>): Promise<BundleRun> {
  return run(['-e', `require(${JSON.stringify(MONITOR_BUNDLE)}).handler().then(() => process.exit(0), () => process.exit(1))`], env);
}

/** One run of the invoice-unit enrolment as an event or its schedule makes it; code 1 when it rejects. */
export function runEnrolment(env: Record<string, string>): Promise<BundleRun> {
  return run(['-e', `require(${JSON.stringify(ENROLMENT_BUNDLE)}).handler().then(() => process.exit(0), () => process.exit(1))`], env);
}

function run(args: string[], env: Record<string, string>): Promise<BundleRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: {
        PATH: process.env.PATH ?? '',
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'fake-secret-for-the-emulators',
        AWS_REGION: 'us-east-1',
        AWS_CONFIG_FILE: '/nonexistent/aws-config',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString('utf8'); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
