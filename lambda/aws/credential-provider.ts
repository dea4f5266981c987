/**
 * What the bundles resolve `@aws-sdk/credential-provider-node` to: Lambda gives the role's credentials in environment
 * variables, so the SDK's own env provider is the whole default chain (the ES modules need the `defaultProvider` name).
 */
export { fromEnv as defaultProvider } from '@aws-sdk/credential-provider-env';
