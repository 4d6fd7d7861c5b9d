/**
 * `npm run test:node`: the zkr node end to end (test/node/suites.js), minutes long, on its own;
 * `.ci/run` runs it after `npm test`, which keeps the node's unit suites (store, mempool,
 * signatures, sync, HTTP parsing...).
 */
/** @type {import('jest').Config} */
const base = require('../../jest.config.js');
const NODE_SUITES = require('./suites.js');

module.exports = {
  ...base,
  rootDir: '../..',
  testMatch: NODE_SUITES.map((suite) => (suite.endsWith('/') ? `<rootDir>/${suite}**/*.test.ts` : `<rootDir>/${suite}`)),
  testPathIgnorePatterns: ['/node_modules/'],
  testSequencer: undefined,
  testTimeout: 15 * 60 * 1000,
};
