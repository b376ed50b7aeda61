// Few rules, each for a reason: the type-aware ones catch the async mistakes
// that lose writes in a Lambda (a promise nobody awaits).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', 'functions/generated/', '.data/', 'bench-results/', '.stryker-tmp/', 'reports/'] },
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A floating promise in a handler is work that may never finish.
      '@typescript-eslint/no-floating-promises': 'error',
      // Passing an async function where a void callback is expected hides its errors.
      '@typescript-eslint/no-misused-promises': 'error',
      // Type-only imports keep the Lambda bundle free of modules used only for types.
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // `import { z }` takes zod's namespace object as a value, which keeps all of zod (~350 KB more) in the
      // Lambda bundle; `import * as z` lets esbuild keep only what is used (docs/performance.md).
      'no-restricted-syntax': [
        'error',
        { selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']", message: "Use `import * as z from 'zod'` (tree-shakeable)." },
      ],
    },
  },
  // The floor plan (docs/architecture.md): entry points → the GraphQL edge → modules → core. Each layer imports
  // only those below it, and a module uses another only through its public face (its index.ts), so that its
  // stores and internals can change without the rest noticing. test/hardening/imports.unit.test.ts refuses cycles.
  {
    files: ['functions/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: String.raw`^(\.\./)+(modules|graphql|handlers|local|generated)(/|$)`,
              message: 'core/ is the floor: it imports nothing above it (docs/architecture.md).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['functions/modules/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: String.raw`^\.\./\.\./(graphql|handlers|local)(/|$)`,
              message: 'A module imports nothing above it: the edge wires modules, not the reverse.',
            },
            { regex: String.raw`^\.\./[a-z-]+/(?!index$)`, message: "Another module only through its public face: import from '../<module>' (its index.ts)." },
          ],
        },
      ],
    },
  },
  {
    // DynamoDB only in stores: elsewhere in a module, the request-sending helpers (and the SDK) are refused; their
    // types, the key builders and the entity declarations (built in *.items.ts, used by stores) stay allowed.
    files: ['functions/modules/**/*.ts'],
    ignores: ['functions/modules/**/*.store.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'],
              allowTypeImports: true,
              message: 'DynamoDB only in stores (*.store.ts): a service asks its stores.',
            },
            {
              group: ['**/core/dynamodb/*'],
              importNames: [
                'documentClient',
                'batchGetItems',
                'getItemConsistent',
                'queryPage',
                'queryAll',
                'allPages',
                'transactWrite',
                'findIdempotentResult',
              ],
              message: 'DynamoDB only in stores (*.store.ts): a service asks its stores.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['functions/handlers/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: String.raw`^\.\./modules/[a-z-]+/`, message: "A module only through its public face: import from '../modules/<module>' (its index.ts)." },
            { regex: String.raw`^\.\./local(/|$)`, message: 'Deployed code never imports the local tooling.' },
          ],
        },
      ],
    },
  },
  {
    files: ['functions/graphql/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: String.raw`^\.\./modules/[a-z-]+/`, message: "A module only through its public face: import from '../modules/<module>' (its index.ts)." },
            { regex: String.raw`^\.\./(handlers|local)(/|$)`, message: 'The edge imports no entry point.' },
          ],
        },
      ],
    },
  },
  {
    // Tests read GraphQL responses as loosely typed JSON, as a client would.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['eslint.config.js', 'cdk/bundle-stubs/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Bundle stubs stand in for CommonJS packages, so they are CommonJS themselves.
    files: ['cdk/bundle-stubs/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
