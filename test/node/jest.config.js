/** `npm run test:crash`: the kill -9 test of the zkr node (test/node/crash.test.ts), minutes long, run on its own. */
/** @type {import('jest').Config} */
const base = require('../../jest.config.js');

module.exports = {
  ...base,
  rootDir: '../..',
  testMatch: ['<rootDir>/test/node/crash.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testSequencer: undefined,
  maxWorkers: 1,
  testTimeout: 15 * 60 * 1000,
};
