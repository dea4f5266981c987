import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { describeKind } from './private/validation';

const PORTAL_SECRET_SYMBOL = Symbol.for('cdk-procurement-portal.PortalSecret');

/** Options for `PortalSecret.fromSecretsManager()`. */
export interface PortalSecretOptions {
  /**
   * The field of the secret's JSON value that holds the value (for example `sharedSecret` in
   * `{"sharedSecret": "..."}`).
   *
   * @default - the whole secret string is the value
   */
  readonly jsonField?: string;
}

/**
 * A value the handler reads from AWS Secrets Manager at deploy time: the shared secret of a portal, or the contacts.
 *
 * Only the secret's ARN and the JSON field name reach the template. Create one with `PortalSecret.fromSecretsManager()`;
 * a plaintext string or a `SecretValue` is refused, because CloudFormation does not resolve dynamic references inside
 * custom resource properties and a plaintext value would sit in the template.
 */
export abstract class PortalSecret {
  /**
   * A secret stored in AWS Secrets Manager, optionally one field of its JSON value.
   *
   * @example
   * const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'PortalSecret', 'invoicing/portal');
   *
   * // The whole SecretString is the value.
   * const whole = PortalSecret.fromSecretsManager(secret);
   * // The value is one field of a JSON SecretString: {"sharedSecret": "..."}.
   * const field = PortalSecret.fromSecretsManager(secret, { jsonField: 'sharedSecret' });
   *
   * @param secret the secret holding the value
   * @param options which part of the secret's value to use
   */
  public static fromSecretsManager(secret: secretsmanager.ISecret, options: PortalSecretOptions = {}): PortalSecret {
    // jsii callers (and `any` in TypeScript) can pass anything: refuse what is not a secret, without echoing it.
    if (secret === null || typeof secret !== 'object' || typeof (secret as { secretArn?: unknown }).secretArn !== 'string') {
      const error = new Error(`PortalSecret.fromSecretsManager() expects an ISecret (for example secretsmanager.Secret.fromSecretNameV2()), got ${describeKind(secret)} (value not shown)`);
      // The stack a user reads starts at their own call.
      Error.captureStackTrace(error, PortalSecret.fromSecretsManager);
      throw error;
    }
    return new SecretsManagerPortalSecret(secret, options.jsonField);
  }

  /**
   * Whether the given object is a `PortalSecret` created by this library.
   *
   * @param x any value
   */
  public static isPortalSecret(x: any): x is PortalSecret {
    return x !== null && typeof x === 'object' && PORTAL_SECRET_SYMBOL in x;
  }

  /** The Secrets Manager secret that holds the value. */
  public abstract readonly secret: secretsmanager.ISecret;

  /**
   * The field of the secret's JSON value that holds the value.
   *
   * @default - the whole secret string
   */
  public abstract readonly jsonField?: string;

  protected constructor() {
    Object.defineProperty(this, PORTAL_SECRET_SYMBOL, { value: true });
  }

  /**
   * Grants read access to the secret's value (including decryption with its KMS key).
   *
   * @param grantee the principal that reads the value
   */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return this.secret.grantRead(grantee);
  }
}

class SecretsManagerPortalSecret extends PortalSecret {
  constructor(public readonly secret: secretsmanager.ISecret, public readonly jsonField?: string) {
    super();
  }
}
