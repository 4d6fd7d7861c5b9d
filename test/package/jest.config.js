/** `npm run test:package`: packs the built packages and installs them into projects outside the repository. */
/** @type {import('jest').Config} */
module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }] },
  testMatch: ['<rootDir>/test/package/**/*.test.ts'],
  testTimeout: 30 * 60 * 1000,
};
