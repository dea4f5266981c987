/**
 * Stands in for `@aws-sdk/credential-provider-node` inside the bundle (an esbuild alias in .projenrc.ts).
 *
 * The handler is a standard Lambda function: Lambda hands it its execution role's credentials in these environment
 * variables, which is the first link of the SDK's default chain and the one that always answers there. The chain's
 * other links (shared ini files, SSO, credential processes, web identity, container and instance metadata) would never
 * run in Lambda, yet bring about 95 KB of minified code (with the STS and SSO clients) into a bundle every cold start
 * loads. Unit tests import the real SDK chain; only the bundle uses this.
 */
export interface EnvironmentCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
  readonly accountId?: string;
}

export function defaultProvider(): () => Promise<EnvironmentCredentials> {
  return async () => {
    const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
    if (!accessKeyId || !secretAccessKey) {
      throw Object.assign(new Error('No AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set (Lambda sets them from the execution role)'),
        { name: 'CredentialsProviderError' });
    }
    const sessionToken = process.env.AWS_SESSION_TOKEN;
    const expiration = process.env.AWS_CREDENTIAL_EXPIRATION;
    const accountId = process.env.AWS_ACCOUNT_ID;
    return {
      accessKeyId,
      secretAccessKey,
      ...(sessionToken ? { sessionToken } : {}),
      ...(expiration ? { expiration: new Date(expiration) } : {}),
      ...(accountId ? { accountId } : {}),
    };
  };
}
