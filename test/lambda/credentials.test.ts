import type { InvoicingClient } from '@aws-sdk/client-invoicing';
import { SECRET_ARN } from './harness';

/** Both clients of the handler as a fresh container loads them (a client keeps the credentials it resolved). */
function handlerClients(): Array<Pick<InvoicingClient, 'config'>> {
  let clients: Array<Pick<InvoicingClient, 'config'>> = [];
  jest.isolateModules(() => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    clients = [require('../../lambda/aws/invoicing').invoicingClient, require('../../lambda/aws/secrets').secretsClientFor(SECRET_ARN)];
    /* eslint-enable @typescript-eslint/no-require-imports */
  });
  return clients;
}

describe("the handler's credentials: Lambda's environment variables (the SDK's fromEnv)", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  test('reads the role credentials Lambda puts in the environment', async () => {
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret-key',
      AWS_SESSION_TOKEN: 'session-token',
      AWS_CREDENTIAL_EXPIRATION: '2027-01-01T00:00:00Z',
      AWS_ACCOUNT_ID: '123456789012',
    });

    for (const client of handlerClients()) {
      await expect(client.config.credentials()).resolves.toMatchObject({
        accessKeyId: 'ASIAEXAMPLE',
        secretAccessKey: 'secret-key',
        sessionToken: 'session-token',
        expiration: new Date('2027-01-01T00:00:00Z'),
        accountId: '123456789012',
      });
    }
  });

  test('without them, fails with a message saying what is missing (and no value)', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'ASIAEXAMPLE';
    delete process.env.AWS_SECRET_ACCESS_KEY;

    for (const client of handlerClients()) {
      const failure: Error = await client.config.credentials().then(() => new Error('resolved'), (error: Error) => error);
      expect(failure.message).toMatch(/^Unable to find environment variable credentials/);
      expect(failure.message).not.toContain('ASIAEXAMPLE');
    }
  });
});
