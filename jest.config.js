/** Jest runs TypeScript sources directly (ts-jest); workspace imports resolve to each package's src. */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }] },
  moduleNameMapper: {
    '^@zkr/bench$': '<rootDir>/bench/src',
    '^@zkr/([a-z0-9-]+)$': '<rootDir>/packages/$1/src',
  },
  testMatch: [
    '<rootDir>/bench/src/**/*.test.ts','<rootDir>/packages/*/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts', '<rootDir>/contracts/test/**/*.test.ts'],
  testTimeout: 600000,
};
