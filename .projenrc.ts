import { ReleasableCommits, awscdk, javascript } from 'projen';

// The oldest Lambda runtime the functions may run on (the newest by default, `lambdaRuntime` may pin one down to 22):
// the bundles target it, so they run on any of them (ARCHITECTURE.md, "Runtime and bundle").
const HANDLER_NODE_TARGET = 'node22';

// The GitHub organization is a placeholder until the project has its home: every URL below is derived from it.
const REPOSITORY = 'https://github.com/cdk-procurement-portal/cdk-procurement-portal';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-procurement-portal',
  description: 'AWS CDK L2 construct for AWS Invoicing procurement portal preferences (SAP Business Network, Coupa): e-invoice delivery and purchase order retrieval, with the shared secret kept in AWS Secrets Manager.',
  keywords: ['cdk', 'awscdk', 'aws-cdk', 'invoicing', 'procurement', 'e-invoicing', 'cxml', 'coupa', 'sap-business-network', 'billing'],
  author: 'cdk-procurement-portal maintainers',
  authorAddress: 'https://github.com/cdk-procurement-portal',
  repositoryUrl: `${REPOSITORY}.git`,
  homepage: `${REPOSITORY}#readme`,
  bugsUrl: `${REPOSITORY}/issues`,
  license: 'Apache-2.0',
  // AWS marks the procurement portal APIs as subject to change (Betas and Previews): so is this library's API until
  // the service's API is generally available. jsii carries it to every language (Python: "Development Status :: 4").
  stability: 'experimental',
  // The library and its handler's tooling are for Node.js 22 and later (Node 20 is end-of-life; the SDK and jsii
  // warn on it). The repository's own build still runs on the CI machine's Node 20.
  minNodeVersion: '22.0.0',
  // The GitHub workflows build on the current LTS, not on the minimum.
  workflowNodeVersion: 'lts/*',
  defaultReleaseBranch: 'main',
  // Conventional commits: a push to main releases only when it brings a feat or a fix (or a breaking change), and
  // the release notes are generated from them (CONTRIBUTING.md). The PR title check accepts the same types.
  releasableCommits: ReleasableCommits.featuresAndFixes(),
  githubOptions: {
    pullRequestLintOptions: {
      semanticTitleOptions: {
        types: ['feat', 'fix', 'docs', 'test', 'build', 'refactor', 'perf', 'ci', 'chore', 'revert'],
      },
    },
  },
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  cdkVersion: '2.268.0', // the first aws-cdk-lib with aws_invoicing
  constructsVersion: '10.5.1',
  jsiiVersion: '~6.0.0',

  // The handler lives in lambda/ and is bundled explicitly below.
  lambdaAutoDiscover: false,

  devDeps: [
    '@aws-sdk/client-invoicing@3.1137.0',
    '@aws-sdk/client-secrets-manager@^3.1137.0',
    '@aws-sdk/client-cloudformation@^3.1137.0',
    // The invoice-unit enrolment's reads of the organization's tree.
    '@aws-sdk/client-organizations@^3.1137.0',
    // `doctor`: whether the handler's role may read a secret (IAM's policy simulator).
    '@aws-sdk/client-iam@^3.1137.0',
    // Imported by the handler: the SDK's env credential provider, and its error classification (@smithy/core/retry).
    '@aws-sdk/credential-provider-env@^3.972.85',
    '@smithy/core@^3.41.1',
    '@aws-cdk/integ-tests-alpha@2.245.0-alpha.0',
    '@types/aws-lambda@^8',
    'aws-cdk@^2.1148.0',
    'aws-sdk-client-mock@^4.1.0',
    'cdk-nag@^3.0.2',
    'tsconfig-paths@^4',
  ],

  publishToPypi: {
    distName: 'cdk-procurement-portal',
    module: 'cdk_procurement_portal',
  },
  publishToMaven: {
    javaPackage: 'io.github.cdkprocurementportal',
    mavenGroupId: 'io.github.cdk-procurement-portal',
    mavenArtifactId: 'cdk-procurement-portal',
  },
  publishToNuget: {
    dotNetNamespace: 'CdkProcurementPortal',
    packageId: 'CdkProcurementPortal',
  },
  publishToGo: {
    moduleName: 'github.com/cdk-procurement-portal/cdk-procurement-portal-go',
  },

  jestOptions: {
    // Snapshots are compared, never rewritten, by `projen test`; `projen test:update` rewrites them.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    // The machine-readable report .ci/run reads its closing `N passed, N failed` line from.
    extraCliOptions: ['--json', '--outputFile=test-reports/jest-results.json'],
    jestConfig: {
      testTimeout: 60_000,
      testPathIgnorePatterns: ['/node_modules/', '/cdk.out/', '\\.integ\\.ts$', '/test/fixtures/'],
      moduleNameMapper: {
        '^cdk-procurement-portal$': '<rootDir>/src/index.ts',
      },
    },
  },

  tsconfigDev: {
    // test/tsconfig.json: paths are relative to test/.
    include: ['../lambda/**/*.ts', '../cli/**/*.ts', '../tools/**/*.ts', '../testing/**/*.ts', '../examples/**/*.ts'],
    // The operations contract (a verbatim copy) is type-checked by its own test, with examples/tsconfig.operations.json.
    exclude: ['../examples/operations.ts'],
    compilerOptions: {
      // TypeScript 6 deprecates baseUrl (TS5101, fatal under ts-jest); still needed for the paths mapping below.
      ignoreDeprecations: '6.0',
      baseUrl: '..',
      paths: { 'cdk-procurement-portal': ['src/index.ts'] },
    },
  },
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'lambda', 'cli', 'tools', 'testing', 'examples', 'projenrc', '.projenrc.ts'],
  },
  // .jsii.tabl.json: the translated snippets jsii-rosetta writes after compile (shipped, not committed).
  gitignore: ['cdk.out/', '/.tmp/', '/.jsii.tabl.json', '/testing/*.d.ts'],
  npmignoreEnabled: true,
});

// The handler bundle: lambda/index.ts with both SDK clients inside, written to assets/lambda/index/index.js and
// shipped in the npm tarball (assets/ is packed by the construct library template).
const LAMBDA_BUNDLE_OPTIONS = {
  platform: 'node',
  target: HANDLER_NODE_TARGET,
  minify: true,
  sourcemap: false,
  // Never loaded by these functions: `bowser` only parses browser user agents, and the event-stream codec only serves
  // operations with event streams (dynamic imports, so leaving them out costs nothing at run time).
  externals: ['bowser', '@smithy/core/event-streams'],
  esbuildArgs: {
    // Lambda gives the role's credentials in environment variables, and every client of these functions is given the
    // SDK's `fromEnv` provider: the default chain (ini, SSO, web identity, instance metadata, with the STS and SSO
    // clients, about 95 KB) is never called, so the clients' import of it resolves to the env provider alone.
    '--alias:@aws-sdk/credential-provider-node': './lambda/aws/credential-provider.ts',
    // The SDK packages' ES modules (their `module` entry): esbuild then drops the commands and schemas the handler
    // never sends, where the CommonJS entry is one file with all of them.
    '--main-fields': 'module,main',
  },
};
const handlerBundle = project.bundler.addBundle('lambda/index.ts', LAMBDA_BUNDLE_OPTIONS);
// The tarball is an allow-list: the compiled library, its jsii assembly, the handler, status-poller, monitor, enrolment and command-line
// bundles and the API reference (npm adds package.json, README.md and LICENSE itself). A stray file at the root can never
// be published; the .npmignore below stays as a second guard inside those folders.
project.package.addField('files', [
  'lib/**/*.js', 'lib/**/*.d.ts', '.jsii', '.jsii.tabl.json', 'assets/lambda/index/index.js',
  'assets/lambda/status-poller/index.js', 'assets/lambda/delivery-monitor/index.js', 'assets/lambda/enrolment/index.js', 'assets/cli/index/index.js',
  'assets/tools/cloudformation/lambda-runtime/index.js',
  'assets/testing/index/index.js', 'testing/package.json', 'testing/index.d.ts', 'testing/report.d.ts', 'API.md',
]);
// The status poller: a separate, small bundle (Invoicing client only, List only) for a separate function whose role
// can read statuses and nothing else (src/private/status-poller.ts).
project.bundler.addBundle('lambda/status-poller.ts', LAMBDA_BUNDLE_OPTIONS);
// The delivery monitor: its own small bundle (ListInvoiceSummaries only) for its own function and role.
project.bundler.addBundle('lambda/delivery-monitor.ts', LAMBDA_BUNDLE_OPTIONS);
// The invoice-unit enrolment: its own bundle (Organizations reads, one unit's Get and Update) for its own function and role.
project.bundler.addBundle('lambda/enrolment.ts', LAMBDA_BUNDLE_OPTIONS);
// The command-line tool: cli/index.ts bundled like the handler (SDK clients inside: jsii packages take no non-jsii
// runtime dependencies), shipped as the package's `bin` so `npx cdk-procurement-portal` works from any language's project.
/** The tools users run on their own machine (the command-line tool, the testing subpath): Node.js 22, SDK inside. */
const TOOL_BUNDLE_OPTIONS = {
  platform: 'node',
  target: 'node22',
  minify: true,
  sourcemap: false,
  externals: ['bowser', '@smithy/core/event-streams'],
  esbuildArgs: { '--main-fields': 'module,main' },
};
project.bundler.addBundle('cli/index.ts', { ...TOOL_BUNDLE_OPTIONS, banner: '#!/usr/bin/env node' });
project.addBins({ 'cdk-procurement-portal': 'assets/cli/index/index.js' });
// `simulate` runs each handler invocation in its own process through this Lambda runtime stand-in, shipped beside the
// command-line tool (the emulators and the simulator are inside the tool's bundle).
project.bundler.addBundle('tools/cloudformation/lambda-runtime.js', { platform: 'node', target: 'node22', minify: false, sourcemap: false });
// `cdk-procurement-portal/testing`: `simulateLifecycle` for users' own tests, TypeScript and JavaScript only (jsii does
// not see it). testing/package.json points the subpath at this bundle and at declarations emitted from testing/.
project.bundler.addBundle('testing/index.ts', TOOL_BUNDLE_OPTIONS);
const testingTypes = project.addTask('testing:types', {
  description: 'Emit the declarations of cdk-procurement-portal/testing into testing/',
  steps: [
    { exec: 'tsc -p testing/tsconfig.json' },
    { exec: 'cp .tmp/testing-types/testing/index.d.ts .tmp/testing-types/testing/report.d.ts testing/' },
  ],
});
project.preCompileTask.spawn(testingTypes);
const typecheckCli = project.addTask('typecheck:cli', {
  description: 'Type-check the command-line tool in cli/',
  exec: 'tsc --noEmit -p cli/tsconfig.json',
});
project.preCompileTask.prependSpawn(typecheckCli);

project.npmignore?.addPatterns('/cli/', '/lambda/', '/tools/', '/examples/', '/cdk.json', '/.ci/');
// Local outputs that are git-ignored but would otherwise land in a tarball packed on a dev machine (after `npm run demo`).
project.npmignore?.addPatterns('cdk.out/', '/.tmp/');
// Contributor docs and the snippet fixture stay in the repository; the README links them with absolute URLs.
project.npmignore?.addPatterns('/rosetta/', '/CONTRIBUTING.md', '/ARCHITECTURE.md', '/CHANGELOG.md', '/SECURITY.md');

// examples/ (and tests) import the package by its name, as users do: let eslint's import resolver read the tsconfig
// paths that map it to src/index.ts (the root tsconfig.json covers src/ only).
const eslintrc = project.tryFindObjectFile('.eslintrc.json');
eslintrc?.addOverride('settings.import/resolver.typescript.project',
  ['./tsconfig.json', './test/tsconfig.json', './examples/tsconfig.json']);
eslintrc?.addOverride('settings.import/resolver.typescript.noWarnOnMultipleProjects', true);
// examples/operations.ts is a byte-identical copy of the shared operations contract: it cannot be edited to please a
// lint rule, and it sits outside examples/tsconfig.json (its own tsconfig.operations.json type-checks it).
project.eslint?.addIgnorePattern('examples/operations.ts');

// esbuild does not type-check; the handler gets its own strict tsc pass before it is bundled.
const typecheckLambda = project.addTask('typecheck:lambda', {
  description: 'Type-check the handler sources in lambda/',
  exec: 'tsc --noEmit -p lambda/tsconfig.json',
});
project.preCompileTask.prependSpawn(typecheckLambda);

// A fresh clone has no bundle: the tests (unit and end-to-end) need it first.
project.testTask.prependSpawn(project.bundler.bundleTask);

// ts-jest only transpiles (isolatedModules): the tests get a full tsc pass of their own before jest runs them.
const typecheckTests = project.addTask('typecheck:tests', {
  description: 'Type-check the tests (with lambda/, tools/ and examples/, through test/tsconfig.json)',
  exec: 'tsc --noEmit -p test/tsconfig.json',
});
project.testTask.prependSpawn(typecheckTests);

// The README's main job: synthesize examples/app.ts with the CDK CLI (no credentials), then play CloudFormation's
// lifecycle against the bundled handler asset in cdk.out, on the local emulators of tools/ (see tools/demo.ts).
// tools/ is not compiled by jsii: it gets its own tsc pass in the build (pre-compile), so the demo only transpiles.
const typecheckTools = project.addTask('typecheck:tools', {
  description: 'Type-check the emulators, the CloudFormation simulator and the demo in tools/',
  exec: 'tsc --noEmit -p tools/tsconfig.json',
});
project.preCompileTask.spawn(typecheckTools);
const demo = project.addTask('demo', {
  description: 'Local deploy simulation of examples/app.ts: create, update, replacement, failed update and rollback, delete',
});
demo.spawn(project.bundler.bundleTask);
demo.exec('cdk synth --no-notices --no-version-reporting -q');
demo.exec('ts-node --transpile-only --project tools/tsconfig.json tools/demo.ts cdk.out ProcurementPortalExample');

// `npm run bench`: synth against the native L1, the handler bundle, API calls per lifecycle event, 50
// concurrent creates under throttling, peak RSS; PASS or MISS per target. A report that takes minutes, not a test:
// it is not part of the build. It bundles first, so it runs on a fresh clone; --expose-gc steadies the synth timings.
const bench = project.addTask('bench', {
  description: 'Performance figures and their targets (synth vs the L1, bundle, API calls, concurrency, memory)',
  env: { TS_NODE_PROJECT: 'tools/tsconfig.json', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
});
bench.spawn(project.bundler.bundleTask);
bench.exec('node --expose-gc -r ts-node/register/transpile-only tools/bench/index.ts', { receiveArgs: true });

// Every TypeScript snippet of the README and of the API docs' @example compiles (rosetta/default.ts-fixture declares
// what snippets use without showing it), so the Python, Java, .NET and Go docs are translations of real code, not
// TypeScript in a Python block. It writes .jsii.tabl.json, which jsii-pacmak then reads instead of translating again.
// The previous tablet is its cache: a snippet is compiled again only when it or the types it uses changed (about 20 s
// for all of them on 2 cores, 3 s when nothing changed).
// The README's cdk-nag program imports cdk-nag: rosetta compiles it with that package beside the library's own
// dependencies (it installs the example dependencies into a temporary folder from the npm registry).
project.package.addField('jsiiRosetta', { exampleDependencies: { 'cdk-nag': '^3.0.2' } });
const rosetta = project.addTask('rosetta:extract', {
  description: 'Compile every README and @example snippet (strict) and write their translations to .jsii.tabl.json',
  exec: 'jsii-rosetta extract --strict --cache .jsii.tabl.json --trim-cache .jsii',
});
project.postCompileTask.spawn(rosetta);

// Packaging. projen's `package` runs `package-all` whenever CI is unset, and building the Python, Java, .NET and Go
// packages needs pip, Maven, dotnet and go plus their registries: a fresh dev machine (or an offline one) fails there.
// So `package` always builds the npm tarball and only *generates* the other languages' sources (jsii-pacmak
// --code-only: offline, a few seconds), which still catches a public API that a target language cannot express.
// The release workflow keeps building each language with `package:<language>` on runners that have the toolchain.
const generateAllBindings = project.addTask('package:generate-all', {
  description: 'Generate the Python, Java, .NET and Go sources (code only, no toolchain needed) into dist/bindings/',
  steps: [
    { exec: 'rm -rf dist/bindings' },
    { exec: 'jsii-pacmak --code-only --no-fingerprint --no-npmignore -t python -t java -t dotnet -t go -o dist/bindings' },
  ],
});
project.packageTask.reset();
project.packageTask.spawn(project.tasks.tryFind('package:js')!);
project.packageTask.spawn(generateAllBindings);

void handlerBundle;
project.synth();
