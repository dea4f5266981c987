/**
 * Runs the BUNDLED command-line tool (assets/cli/index/index.js) as a child process, as `npx cdk-procurement-portal`
 * would, with fake credentials and the emulators' endpoints, away from any ~/.aws configuration.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const CLI_BUNDLE = path.resolve(__dirname, '..', '..', 'assets', 'cli', 'index', 'index.js');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function assertCliBundle(): void {
  if (!fs.existsSync(CLI_BUNDLE)) {
    throw new Error('The CLI bundle assets/cli/index/index.js is missing: run `npx projen bundle` (the test task does it before jest)');
  }
}

export function runCli(args: string[], endpoints: { invoicing: string; cloudformation?: string },
  extraEnv: Record<string, string> = {}): Promise<CliResult> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'fake-secret-for-the-emulators',
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_ENDPOINT_URL_INVOICING: endpoints.invoicing,
    ...(endpoints.cloudformation ? { AWS_ENDPOINT_URL_CLOUDFORMATION: endpoints.cloudformation } : {}),
    ...extraEnv,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BUNDLE, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString('utf8'); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
