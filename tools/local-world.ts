/**
 * One way of building a local world from a synthesized stack: the Invoicing, Secrets Manager and CloudFormation
 * emulators on 127.0.0.1, every secret the template references given a value of the shape its use asks for, and a
 * CloudFormation simulator that runs the stack's own handler asset from cdk.out against them. The demo, the benchmark
 * and `npx cdk-procurement-portal simulate` all start here.
 */
import { randomUUID } from 'node:crypto';
import { seedAccountAsDeclared } from './account-as-declared';
import { CloudFormationSimulator, SimulatorOptions } from './cloudformation/simulator';
import type { StackInAssembly } from './cloudformation/template';
import { CloudFormationEmulator } from './emulators/cloudformation';
import { InvoicingEmulator } from './emulators/invoicing';
import { SecretsManagerEmulator } from './emulators/secrets-manager';
import { RESOURCE_TYPE } from '../src/contract/wire';

type Json = Record<string, unknown>;

export interface LocalWorldOptions extends Pick<SimulatorOptions, 'onInvocationStart' | 'onInvocation' | 'runtimeFile'> {
  /** Added to the handler's environment (a probe's `NODE_OPTIONS`, a knob). */
  readonly handlerEnvironment?: Readonly<Record<string, string>>;
  /** The portals, AWS's supplier ids and the invoice units as the stack declares them (account-as-declared.ts). */
  readonly seedAccount?: boolean;
}

/** The secrets seeded: their names, and every value that must never be shown (secret values, contacts). */
export interface SeededSecrets {
  readonly names: string[];
  readonly sensitive: string[];
}

export class LocalWorld {
  /** Starts the world, runs `work` in it, and stops every server whatever throws: the process must never hang on them. */
  static async run<T>(stack: StackInAssembly, options: LocalWorldOptions, work: (world: LocalWorld) => Promise<T>): Promise<T> {
    const world = new LocalWorld(stack);
    try {
      await world.boot(options);
      return await work(world);
    } finally {
      await world.stop();
    }
  }

  /** A started world; the caller stops it (`run` does that itself). */
  static async start(stack: StackInAssembly, options: LocalWorldOptions = {}): Promise<LocalWorld> {
    const world = new LocalWorld(stack);
    try {
      await world.boot(options);
    } catch (error) {
      await world.stop();
      throw error;
    }
    return world;
  }

  readonly invoicing = new InvoicingEmulator();
  readonly secrets = new SecretsManagerEmulator();
  /** Follows the simulated stack: the handler confirms every event with it, a secret re-apply lists its preferences. */
  readonly cloudformation: CloudFormationEmulator;
  private sim: CloudFormationSimulator | undefined;
  private seededSecrets: SeededSecrets = { names: [], sensitive: [] };

  private constructor(readonly stack: StackInAssembly) {
    this.cloudformation = new CloudFormationEmulator({ accountId: this.invoicing.accountId, region: stack.stackId.split(':')[3] });
  }

  get simulator(): CloudFormationSimulator {
    if (!this.sim) throw new Error('the local world is not started');
    return this.sim;
  }

  get seeded(): SeededSecrets {
    return this.seededSecrets;
  }

  /** Calls per operation at the emulators so far. */
  callCounts(): Map<string, number> {
    return new Map([...this.invoicing.calls, ...this.secrets.calls, ...this.cloudformation.calls]);
  }

  async stop(): Promise<void> {
    await this.sim?.stop();
    await Promise.allSettled([this.invoicing.stop(), this.secrets.stop(), this.cloudformation.stop()]);
  }

  private async boot(options: LocalWorldOptions): Promise<void> {
    const handler = this.stack.customResources[0]?.handler;
    if (!handler) throw new Error(`the stack ${this.stack.stackName} has no ${RESOURCE_TYPE} resource`);
    await Promise.all([this.invoicing.start(), this.secrets.start(), this.cloudformation.start()]);
    this.seededSecrets = seedSecrets(this.stack, this.secrets);
    if (options.seedAccount) seedAccountAsDeclared(this.stack, this.invoicing);
    const simulator: CloudFormationSimulator = new CloudFormationSimulator({
      handlerFile: handler.file,
      handlerName: handler.exportName,
      lambdaTimeoutMs: handler.timeoutSeconds * 1000,
      stackId: this.stack.stackId,
      stackName: this.stack.stackName,
      resourceTypes: Object.fromEntries(this.stack.customResources.map((r) => [r.logicalId, r.type])),
      environment: {
        ...handler.environment,
        AWS_ENDPOINT_URL_INVOICING: this.invoicing.endpoint,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: this.secrets.endpoint,
        AWS_ENDPOINT_URL_CLOUDFORMATION: this.cloudformation.endpoint,
        ...options.handlerEnvironment,
      },
      ...this.cloudformation.tracking(() => simulator, this.stack),
      onInvocationStart: options.onInvocationStart,
      onInvocation: options.onInvocation,
      runtimeFile: options.runtimeFile,
    });
    this.sim = simulator;
    await simulator.start();
  }
}

/**
 * Every secret the template references gets a value of the shape its use asks for: a contact (`{"Name", "Email"}`)
 * where it feeds `ContactsRef`, an object with each JSON field the template names, else a plain string.
 */
export function seedSecrets(stack: StackInAssembly, secrets: SecretsManagerEmulator): SeededSecrets {
  // Per secret ARN: each JSON field the template reads, and whether it feeds the contacts; '' is the whole value.
  const uses = new Map<string, Map<string, 'secret' | 'contacts'>>();
  const visit = (value: unknown, key: string): void => {
    if (Array.isArray(value)) return value.forEach((v) => visit(v, key));
    if (!value || typeof value !== 'object') return;
    const record = value as Json;
    if (typeof record.SecretArn === 'string') {
      const fields = uses.get(record.SecretArn) ?? new Map<string, 'secret' | 'contacts'>();
      fields.set(typeof record.JsonField === 'string' ? record.JsonField : '', key === 'ContactsRef' ? 'contacts' : 'secret');
      uses.set(record.SecretArn, fields);
      return;
    }
    for (const [k, v] of Object.entries(record)) visit(v, k);
  };
  stack.customResources.forEach((r) => visit(r.properties, ''));
  const sensitive: string[] = [];
  const made = (use: 'secret' | 'contacts'): unknown => (use === 'contacts'
    ? { Name: 'Local Contact', Email: `local.contact.${randomUUID().slice(0, 8)}@example.com` }
    : `local-shared-secret-${randomUUID()}`);
  const names = stack.secrets.map((secret) => {
    const fields = uses.get(secret.arn) ?? new Map<string, 'secret' | 'contacts'>([['', 'secret']]);
    const whole = fields.get('');
    const value = whole !== undefined ? made(whole)
      : Object.fromEntries([...fields].map(([field, use]) => [field, made(use)]));
    collectStrings(value, sensitive);
    // An ARN with a suffix is served as is; a partial one (fromSecretNameV2) gets one made up. Either keeps the region
    // and account the template names: the handler reads a secret in the region of its ARN.
    const full = /-[A-Za-z0-9]{6}$/.test(secret.arn) ? secret.arn : `${secret.arn}-${randomUUID().replace(/-/g, '').slice(0, 6)}`;
    secrets.seed({ name: secret.name, value: typeof value === 'string' ? value : JSON.stringify(value, null, 2), arn: full });
    return secret.name;
  });
  return { names, sensitive };
}

function collectStrings(value: unknown, into: string[]): void {
  if (typeof value === 'string') into.push(value);
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => collectStrings(v, into));
}
