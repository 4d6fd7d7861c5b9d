/**
 * The suites of `npm run test:node` (test/node/jest.config.js), left out of `npm test`: everything
 * under test/node/ (the node's kill -9 test, the external-chain helpers) and test/fleet/ (worker
 * kills and Redis restarts under a stream of proving jobs), and the suites beside their package's
 * sources that run a whole node proving and settling batches, or a fleet proving them, for real.
 */
module.exports = [
  'test/node/',
  'test/fleet/',
  'packages/fleet/src/fleet.test.ts',
  'packages/sequencer/src/sequencer.test.ts',
  'packages/sequencer/src/recovery.test.ts',
  'packages/sequencer/src/reorg.test.ts',
  'packages/sequencer/src/http/server.test.ts',
  'packages/sequencer/src/fleet.test.ts',
  'packages/cli/src/commands/node.test.ts',
];
