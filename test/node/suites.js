/**
 * The suites of `npm run test:node` (test/node/jest.config.js), left out of `npm test`: everything
 * under test/node/ (the kill -9 test, the external-chain helpers) and the suites beside their
 * package's sources that run a whole node proving and settling batches on a chain.
 */
module.exports = [
  'test/node/',
  'packages/sequencer/src/sequencer.test.ts',
  'packages/sequencer/src/recovery.test.ts',
  'packages/sequencer/src/reorg.test.ts',
  'packages/sequencer/src/http/server.test.ts',
  'packages/cli/src/commands/node.test.ts',
];
