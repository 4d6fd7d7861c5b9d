/** Jest runs TypeScript sources directly (ts-jest); workspace imports resolve to each package's src. */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }] },
  moduleNameMapper: {
    '^@zkr/bench$': '<rootDir>/bench/src',
    '^@zkr/contracts$': '<rootDir>/contracts/dist',
    '^@zkr/([a-z0-9-]+)$': '<rootDir>/packages/$1/src',
  },
  testMatch: [
    '<rootDir>/bench/src/**/*.test.ts','<rootDir>/packages/*/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts', '<rootDir>/contracts/test/**/*.test.ts'],
  // The packaging test (`npm run test:package`) needs a build and runs on its own; so do the
  // whole-node suites (`npm run test:node`, test/node/suites.js).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/package/', ...require('./test/node/suites.js').map((suite) => `<rootDir>/${suite}`)],
  // ZKR_CACHE_DIR defaults to <repo>/.zkr: suites share one cache inside the clone.
  setupFiles: ['<rootDir>/test/jest.env.js'],
  testTimeout: 600000,
  // Jest's default (cores - 1) runs everything in one process on a 2-core machine; two workers
  // keep both cores busy (the suites mostly run single-threaded JS and wasm).
  maxWorkers: 2,
  // Cold cache: suites that warm the shared fixtures first, then longest first (see the file).
  testSequencer: '<rootDir>/test/sequencer.js',
};
