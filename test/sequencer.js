/**
 * Jest test order for a cold run (a fresh clone: no jest timings, empty fixture caches).
 *
 * Jest sorts by the durations it recorded in its own cache, or by file size without them. Cold, that
 * order both idles a worker at the end and races the two workers on the same fixture: two suites
 * that start together both compile the default instance or both run its dev setup. So a cold run
 * starts with WARM_UP_ORDER, chosen so that at any time at most one worker builds a shared fixture
 * while the other runs suites that do not need it, then runs the rest longest first by
 * COLD_SECONDS. Once jest has a duration for every suite (a warm cache), its own order is kept.
 */
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

const ROOT = path.resolve(__dirname, '..');

/** Leading suites of a cold run, in order (worker 1 takes the first, worker 2 the second, ...). */
const WARM_UP_ORDER = [
  'test/soundness/soundness.test.ts', // compiles the default instance (D=8, N=2, Q=1, W=1) and its assert-free variant
  'packages/prover/src/prover.test.ts', // the toy circuit only, while the default instance compiles
  'packages/circuits/src/compile.test.ts', // needs the compiled default instance
  'test/e2e.test.ts', // dev setup of the default instance into the shared fixture directory
  'test/soundness/money.test.ts', // compiles the small instance (D=2, N=2, Q=2, W=2) and its assert-free variant
  'test/soundness/mutation.test.ts', // the small instance, built by money.test.ts: no keys
  'packages/setup/src/ceremony.test.ts', // toy circuit
  'packages/cli/src/commands/prove.test.ts', // reuses the default instance's keys set up by e2e
  'packages/prover/src/batch.test.ts', // likewise
  'test/soundness/agreement.test.ts', // the default instance and its assert-free variant, built by soundness.test.ts
  'test/soundness/contract.test.ts', // the default instance's keys, set up by e2e
];

/** Cold-cache seconds of the other suites taking 5 s or more (a cold run on 2 cores, 2026-12-01). */
const COLD_SECONDS = {
  'bench/src/prover.test.ts': 25,
  'packages/prover/src/zkrEngine.test.ts': 20,
  'contracts/test/rollup.test.ts': 17,
  'packages/setup/src/dev.test.ts': 17,
  'packages/cli/src/main.test.ts': 15,
  'packages/setup/src/artifacts.test.ts': 12,
  'packages/circuits/src/witness.test.ts': 12,
  'test/l1-cli.test.ts': 11,
  'contracts/test/gas.test.ts': 9,
  'bench/src/run.test.ts': 8,
  'bench/src/setup.test.ts': 8,
  'test/l1-client.test.ts': 7,
  'contracts/test/verifier.test.ts': 7,
  'packages/cli/src/commands/circuit.test.ts': 6,
  'packages/cli/src/commands/setup.test.ts': 6,
  'test/state-cli.test.ts': 5,
  'packages/state/src/babyjub.test.ts': 5,
};

const relativePath = (test) => path.relative(ROOT, test.path).split(path.sep).join('/');

/** Cold: WARM_UP_ORDER, then longest first; warm: jest's own order (failed first, then by duration). */
class ColdCacheSequencer extends Sequencer {
  sort(tests) {
    const ordered = super.sort(tests);
    if (ordered.every((test) => test.duration != null)) return ordered;
    const key = (test, index) => {
      const warmUp = WARM_UP_ORDER.indexOf(relativePath(test));
      return warmUp >= 0 ? [0, warmUp, index] : [1, -(COLD_SECONDS[relativePath(test)] ?? 0), index];
    };
    const compare = (a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.key[2] - b.key[2];
    return ordered
      .map((test, index) => ({ test, key: key(test, index) }))
      .sort(compare)
      .map((entry) => entry.test);
  }
}

module.exports = ColdCacheSequencer;
