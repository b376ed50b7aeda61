/** How Agora's functions are built: the Lambda runtime and the esbuild bundling every function shares. */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';

const ROOT = join(import.meta.dirname, '..');
const requireFromHere = createRequire(import.meta.url);

/**
 * The Lambda runtime of every function. `npm test`, `npm start` and `npm run bench` run on the same Node major:
 * the `node` devDependency puts that Node first on the PATH of every npm script (test/runtime/node-version.test.ts).
 * `nodejs24.x` refuses handlers that declare a third (callback) parameter; test/cdk/handler-arity.test.ts checks.
 */
export const LAMBDA_RUNTIME = Runtime.NODEJS_24_X;

/**
 * How every function is bundled: local esbuild (no Docker), minified, with source maps. Smaller bundles
 * load faster on a cold start (docs/performance.md has the figures):
 * - `mainFields` prefers each package's ES module build, so a package that ships both builds is bundled
 *   once, not twice (graphql, @graphql-tools, @smithy), and esbuild can drop what is not imported;
 * - modules that are never evaluated at run time are replaced by stubs (cdk/bundle-stubs, each says why).
 */
export const LAMBDA_BUNDLING: BundlingOptions = {
  forceDockerBundling: false,
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  target: 'node24',
  format: OutputFormat.CJS,
  mainFields: ['module', 'main'],
  esbuildArgs: {
    '--alias': [
      // @as-integrations/aws-lambda (CommonJS only) requires @apollo/server's CommonJS build while our ES imports
      // would get its ES build: two copies of Apollo Server (and of @graphql-tools). One build for all.
      `@apollo/server=${dirname(requireFromHere.resolve('@apollo/server'))}`,
      // graphql-armor-max-tokens imports this deep path, which resolves to graphql's CommonJS file while everything
      // else gets graphql's ES build: a second copy of the parser, and of GraphQLError.
      `graphql/language/parser=${requireFromHere.resolve('graphql/language/parser.mjs')}`,
      // Stubs for modules that are never evaluated at run time (each stub says why).
      `@apollo/usage-reporting-protobuf=${join(ROOT, 'cdk/bundle-stubs/apollo-usage-reporting-protobuf.cjs')}`,
      `@graphql-tools/schema=${join(ROOT, 'cdk/bundle-stubs/graphql-tools-schema.cjs')}`,
      // The AWS SDK's credential chain cut to its first link, the environment: a Lambda function's credentials are there.
      `@aws-sdk/credential-provider-node=${join(ROOT, 'cdk/bundle-stubs/aws-credential-provider-node.cjs')}`,
      // Not a stub: Node's crypto for the pure-JavaScript fallback that bundling would otherwise select.
      `@apollo/utils.createhash=${join(ROOT, 'cdk/bundle-stubs/apollo-createhash.cjs')}`,
    ],
  },
  // The Lambda runtime ships an AWS SDK v3, but bundling pins the version the tests ran with.
  externalModules: [],
};

/** Copies the persisted-document manifests into the GraphQL function's bundle (none if the folder has none). */
export const PERSISTED_DOCUMENTS_HOOKS: NonNullable<BundlingOptions['commandHooks']> = {
  beforeBundling: () => [],
  beforeInstall: () => [],
  afterBundling: (inputDir, outputDir) => [
    `mkdir -p "${outputDir}/persisted-documents"`,
    `find "${inputDir}/persisted-documents" -maxdepth 1 -name '*.json' -exec cp {} "${outputDir}/persisted-documents/" \\;`,
  ],
};
