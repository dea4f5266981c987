/** The stacks of a cloud assembly that `simulate` plays, and where the bundled Lambda runtime stand-in is. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HANDLED_RESOURCE_TYPES } from '../../src/contract/invoice-unit';
import { RESOURCE_TYPE } from '../../src/contract/wire';
import { StackInAssembly, readStack } from '../../tools/cloudformation/template';
import { UsageError } from '../command';

/** Where the bundles ship the Lambda runtime stand-in (assets/tools/...); run from source, the simulator finds its own. */
export function bundledRuntime(): string | undefined {
  // assets/cli/index/ and assets/testing/index/ are both two levels below assets/.
  const file = path.join(__dirname, '..', '..', 'tools', 'cloudformation', 'lambda-runtime', 'index.js');
  return fs.existsSync(file) ? file : undefined;
}

export function stacksWithPreferences(dir: string, only: string | undefined): StackInAssembly[] {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) throw new UsageError(`${dir} is not a cloud assembly (no manifest.json): run cdk synth first, or give --app`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { artifacts?: Record<string, { type: string }> };
  const names = Object.entries(manifest.artifacts ?? {}).filter(([, a]) => a.type === 'aws:cloudformation:stack').map(([name]) => name);
  if (only !== undefined && !names.includes(only)) throw new UsageError(`No stack '${only}' in ${dir}; it has: ${names.join(', ') || 'none'}`);
  const stacks = (only ? [only] : names).map((name) => readStack(dir, name, HANDLED_RESOURCE_TYPES)).filter((s) => s.customResources.length > 0);
  if (stacks.length === 0) throw new UsageError(`No stack of ${dir} declares a ${RESOURCE_TYPE}${only ? ` (${only})` : ''}`);
  return stacks;
}
