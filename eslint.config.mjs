/**
 * ESLint (flat config) with typescript-eslint's type-aware rules on every TypeScript source that
 * tsconfig.json type-checks. The rule set is small on purpose: each rule catches a bug class this
 * code base has to care about (see the comment at each rule); style is left to the house style.
 */
import tseslint from 'typescript-eslint';

/** A relative import of another workspace package's sources: import it by name instead. */
const OTHER_PACKAGE_SRC = {
  regex: '^(\\.\\./)+(packages/)?[a-z0-9-]+/src(/|$)',
  message: "import the package by name (e.g. '@zkr/state'); tests and packages never reach into another package's src",
};
/** From test/: any relative import of a package directory (its src, test fixtures or build). */
const ANY_PACKAGE = {
  regex: '^(\\.\\./)+(packages|contracts|bench)(/|$)',
  message: "import the package by name ('@zkr/...'; shared fixtures live in '@zkr/test-helpers')",
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/build/**', '**/cache/**', '**/artifacts/**', '.zkr/**', 'coverage/**'] },
  {
    files: ['packages/*/src/**/*.ts', 'bench/src/**/*.ts', 'test/**/*.ts', 'contracts/test/**/*.ts', 'contracts/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { project: ['./tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A promise nobody awaits loses its rejection: an unhandled failure, or a test that ends early.
      '@typescript-eslint/no-floating-promises': 'error',
      // An async callback where a sync one is expected (forEach, event handlers, `if (promise)`).
      '@typescript-eslint/no-misused-promises': 'error',
      // `await` on a non-promise usually means a sync API was mistaken for an async one.
      '@typescript-eslint/await-thenable': 'error',
      // `return promise` inside try/catch skips the catch (witness and proof errors would escape unmapped).
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      // Throwing a non-Error loses the stack and breaks isZkrError / `cause` chains.
      '@typescript-eslint/only-throw-error': 'error',
      'prefer-promise-reject-errors': 'off',
      '@typescript-eslint/prefer-promise-reject-errors': 'error',
      // (Unused variables and imports: tsc's noUnusedLocals/noUnusedParameters, run by `npm run typecheck`.)
      // Type-only imports are erased: a value import kept only for types loads a module (and its engines) at run time.
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
      // `==` coerces: with bigint amounts, 0n == '0' and 1n == true are true.
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // Comparisons and expressions whose value is fixed are always bugs.
      'no-self-compare': 'error',
      'no-constant-binary-expression': 'error',
      'no-unsafe-finally': 'error',
      'no-fallthrough': 'error',
      // `require()` returns `any` and `any` switches the type checker off: a lazy require must be typed and marked.
      '@typescript-eslint/no-require-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': ['error', { patterns: [OTHER_PACKAGE_SRC] }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [OTHER_PACKAGE_SRC, ANY_PACKAGE] }] },
  },
  {
    // Library code: every failure is a ZkrError with a typed code, thrown through the package's factory.
    files: ['packages/*/src/**/*.ts', 'bench/src/**/*.ts'],
    ignores: ['**/*.test.ts', 'packages/test-helpers/**', 'packages/errors/**', 'packages/build-tools/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name=/^(Error|RangeError|TypeError)$/]",
          message: "throw the package's typed error (`fail('CODE', 'what to do next', { details })` from src/errors.ts), never a plain Error",
        },
        {
          selector: "NewExpression[callee.name='ZkrError']",
          message: "create errors through the package's factory (src/errors.ts) so the code is one of the package's declared codes",
        },
      ],
    },
  },
);
