import { defaultProvider } from '../../lambda/credentials';

describe('the bundle credential provider (Lambda environment variables)', () => {
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

    await expect(defaultProvider()()).resolves.toEqual({
      accessKeyId: 'ASIAEXAMPLE',
      secretAccessKey: 'secret-key',
      sessionToken: 'session-token',
      expiration: new Date('2027-01-01T00:00:00Z'),
      accountId: '123456789012',
    });
  });

  test('without them, fails with a message saying what is missing (and no value)', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'ASIAEXAMPLE';
    delete process.env.AWS_SECRET_ACCESS_KEY;

    await expect(defaultProvider()()).rejects.toThrow(/^No AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set/);
  });
});
