import { InvoicingEmulator } from './invoicing';
import { SecretsManagerEmulator } from './secrets-manager';

/**
 * Runs `work` with both emulators started, and stops them whatever happens: a throw anywhere after the start (while
 * seeding, starting a simulator, playing a step) must not leave servers listening, or the process never exits.
 */
export async function withEmulators<T>(work: (invoicing: InvoicingEmulator, secrets: SecretsManagerEmulator) => Promise<T>,
  invoicing = new InvoicingEmulator(), secrets = new SecretsManagerEmulator()): Promise<T> {
  try {
    await Promise.all([invoicing.start(), secrets.start()]);
    return await work(invoicing, secrets);
  } finally {
    await Promise.allSettled([invoicing.stop(), secrets.stop()]);
  }
}
