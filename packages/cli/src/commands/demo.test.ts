import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileCacheDir, DEFAULT_INSTANCE, instanceName } from '@zkr/circuits';
import type { EndToEndReport } from '@zkr/operator';
import { batchArtifacts } from '@zkr/test-helpers';
import type { Cli } from '../cli';
import { buildProgram, main } from '../main';
import { demoProgress, demoSummary } from './demo';

const USER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

const report: EndToEndReport = {
  instance: { depth: 8, batchSize: 2, queuePositions: 1, withdrawalPositions: 1 },
  constraints: 123460,
  artifactsDir: '.zkr/artifacts/batch-d8-n2',
  developmentOnly: true,
  engine: 'native',
  compileMs: 1500,
  setupMs: 2500,
  rollup: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
  domain: 42n,
  genesisRoot: 1n,
  finalRoot: 3n,
  finalStateHash: 33n,
  batches: [
    {
      batchNumber: 1, queue: [{ position: 0, kind: 1, index: 8, outcome: 'applied' }], transfers: 2, rejected: [], withdrawals: 0, rejectedWithdrawals: [], credits: [],
      newRoot: 2n, newStateHash: 22n, witnessMs: 300, proveMs: 4000, gasUsed: 239000n, calldataBytes: 356, txDataBytes: 49, onChainStateHash: 22n,
    },
    {
      batchNumber: 2, queue: [], transfers: 1, rejected: ['BAD_NONCE'], withdrawals: 1, rejectedWithdrawals: [], credits: [{ address: USER, amount: 200_000_000n }],
      newRoot: 3n, newStateHash: 33n, witnessMs: 200, proveMs: 6000, gasUsed: 239010n, calldataBytes: 357, txDataBytes: 49, onChainStateHash: 33n,
    },
  ],
  money: {
    user: USER,
    unit: 10n ** 9n,
    deposit: { amount: 500_000_000n, index: 8, position: 0 },
    withdrawal: { amount: 200_000_000n, fee: 1n },
    claimed: 200_000_000n * 10n ** 9n,
    gasPaid: 123_000_000_000_000n,
    snapshots: [
      { when: 'before the deposit', l1: 10_000n * 10n ** 18n, claimable: 0n, l2: null },
      { when: 'after batch 1', l1: 9_999_499_900_000_000_000_000n, claimable: 0n, l2: 500_000_000n },
      { when: 'after batch 2', l1: 9_999_499_900_000_000_000_000n, claimable: 200_000_000n * 10n ** 9n, l2: 299_999_999n },
      { when: 'after the claim', l1: 9_999_699_877_000_000_000_000n, claimable: 0n, l2: 299_999_999n },
    ],
  },
};

describe('demoSummary', () => {
  const text = demoSummary(report);

  it('prints one aligned row per batch: queue operations, transfers, rejections, withdrawals, gas and calldata bytes per transfer', () => {
    const rows = text.split('\n').filter((l) => /^\s+\d+\s/.test(l));
    expect(rows).toHaveLength(2);
    expect(rows[0].trim().split(/\s+/)).toEqual(['1', '1', '2', '0', '0', '0.3', 's', '4.0', 's', '239000', '119500', '356', '178']);
    expect(rows[1].trim().split(/\s+/)).toEqual(['2', '0', '1', '1', '1', '0.2', 's', '6.0', 's', '239010', '239010', '357', '357']);
  });

  it('totals transfers, gas and bytes, takes the median prove time and flags development keys', () => {
    expect(text).toContain('2 batches, 3 transfers settled on L1');
    expect(text).toContain("after every batch L1's state hash, batch count, consumed queue count and claimable balances = the local state's");
    expect(text).toContain('circuit D=8 N=2 Q=1 W=1: 123460 constraints');
    expect(text).toContain('median prove 5.0 s (native engine)');
    expect(text).toContain('gas 239005 per batch, 159336 per transfer; calldata 237.7 B per transfer (txData 49 B per batch)');
    expect(text).toContain('DEVELOPMENT-ONLY keys');
    expect(text).toContain('final root 3, state hash 33');
  });

  it('prints the money table: L1 balances in ETH, the L2 balance in gwei, labelled, and the reconciliation', () => {
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.startsWith('money in and out'));
    expect(lines[at]).toBe(`money in and out: L1 user ${USER}, L2 account 8 (1 L2 unit = 1 gwei = 10^9 wei)`);
    expect(lines[at + 1].trim().split(/\s{2,}/)).toEqual(['user L1 balance (ETH)', 'user claimable on Rollup (ETH)', 'account 8 on L2 (gwei)']);
    expect(lines.slice(at + 2, at + 6).map((l) => l.split(/\s{2,}/))).toEqual([
      ['before the deposit', '10000', '0', '-'],
      ['after batch 1', '9999.4999', '0', '500000000'],
      ['after batch 2', '9999.4999', '0.2', '299999999'],
      ['after the claim', '9999.699877', '0', '299999999'],
    ]);
    expect(lines[at + 6]).toBe('deposit 500000000 gwei (0.5 ETH) on L1 -> new account 8 (queue #0, applied by batch 1); ' +
      'withdrawal 200000000 gwei + fee 1 gwei (batch 2); claimed 0.2 ETH on L1; the user paid 0.000123 ETH of L1 gas');
  });

  it('prints a dash, not a division by zero, for a batch without transfers', () => {
    const empty = demoSummary({ ...report, batches: [{ ...report.batches[0], transfers: 0 }] });
    expect(empty.split('\n').find((l) => /^\s+1\s/.test(l))!.trim().split(/\s+/).slice(-4)).toEqual(['239000', '-', '356', '-']);
    expect(empty).toContain('per batch, - per transfer; calldata - B per transfer');
  });
});

describe('demo progress', () => {
  /** A Cli whose output is captured; `--json` when `json`. */
  function capturingCli(json: boolean): { cli: Cli; stderr: () => string } {
    let stderr = '';
    const { cli, program } = buildProgram({ stdout: () => undefined, stderr: (t) => void (stderr += t) });
    if (json) program.setOptionValue('json', true);
    return { cli, stderr: () => stderr };
  }

  it('hands the pipeline no listener with --json', () => {
    const { cli, stderr } = capturingCli(true);
    expect(demoProgress(cli)).toEqual({ artifacts: {} });
    expect(stderr()).toBe('');
  });

  it('draws the setup bar on a TTY', () => {
    const { cli, stderr } = capturingCli(false);
    const onSetup = withTty(() => demoProgress(cli).artifacts.onSetupProgress);
    onSetup!({ stage: 'points A', done: 1, total: 2 });
    onSetup!({ stage: 'points A', done: 2, total: 2 });
    expect(stderr()).toBe(`\rsetup points A${' '.repeat(5)}[${'#'.repeat(15)}${' '.repeat(15)}] 1/2\x1b[K\rsetup points A${' '.repeat(5)}[${'#'.repeat(30)}] 2/2\x1b[K\n`);
  });

  it('reports every stage of a real run, proving bars included, on a TTY (cached dev keys of the default instance)', async () => {
    // A cache root whose compile cache and default artifact directory are the shared fixtures, so nothing is compiled or set up.
    const root = await mkdtemp(join(tmpdir(), 'zkr-demo-'));
    await mkdir(join(root, 'artifacts'));
    await symlink(await batchArtifacts(DEFAULT_INSTANCE), join(root, 'artifacts', instanceName(DEFAULT_INSTANCE)));
    await symlink(compileCacheDir(), join(root, 'circuits'));
    const saved = process.env.ZKR_CACHE_DIR;
    process.env.ZKR_CACHE_DIR = root;
    let stdout = '';
    let stderr = '';
    try {
      const code = await withTty(() => main(['node', 'zkr', 'demo', '--batches', '2'], { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) }));
      expect([code, stderr.match(/^error.*$/m)?.[0]]).toEqual([0, undefined]);
    } finally {
      if (saved === undefined) delete process.env.ZKR_CACHE_DIR;
      else process.env.ZKR_CACHE_DIR = saved;
      process.exitCode = 0;
      await rm(root, { recursive: true, force: true });
    }
    const lines = stderr.split('\n');
    const stages = [
      /^circuit D=8 N=2: compiling and setting up/,
      /^circuit: \d+ constraints, artifacts in .* \(DEVELOPMENT-ONLY keys\)$/,
      /^deploying the Poseidon hashers, the verifier and the Rollup/,
      /^deployed Rollup at 0x/,
      /^ {2}before the deposit: user 0x[0-9a-fA-F]{40} L1 \d+ wei, claimable 0 wei; new account on L2 none$/,
      /^user 0x[0-9a-fA-F]{40} deposited 500000000 L2 units \(500000000000000000 wei\) on L1 for a new account: queue position 0, index 8$/,
      /^signed \d+ transfers/,
      /^loading the proving key$/,
      /^batch 1\/2: 1 queue operation\(s\), 2 transfers, 0 withdrawal\(s\) built, proving$/,
      // One redrawn bar per proof: from its first stage to 100%, then one newline.
      /^\rproving start .*\rproving done {7}\[#{30}\] 100%\x1b\[K$/s,
      /^batch 1: queue #0 applied, 2 transfers, 0 withdrawal\(s\), proved in/,
      /^ {2}after batch 1: .* new account on L2 500000000 L2 units$/,
      /^account 8 signed a withdrawal of 200000000 L2 units \(fee 1\)/,
      /^batch 2\/2: 0 queue operation\(s\), 2 transfers, 1 withdrawal\(s\) built, proving$/,
      /^batch 2: 2 transfers \(rejected BAD_NONCE, INVALID_SIGNATURE\), 1 withdrawal\(s\)/,
      /^ {2}after batch 2: .* claimable 200000000000000000 wei; new account on L2 299999999 L2 units$/,
      /^user 0x[0-9a-fA-F]{40} claimed 200000000000000000 wei on L1$/,
      /^ {2}after the claim: .* claimable 0 wei; new account on L2 299999999 L2 units$/,
    ];
    let at = 0;
    for (const stage of stages) {
      const found = lines.findIndex((line, i) => i >= at && stage.test(line));
      expect([stage, found >= 0]).toEqual([stage, true]);
      at = found + 1;
    }
    expect(stdout).toContain('2 batches, 4 transfers settled on L1');
    expect(stdout).toContain('claimed 0.2 ETH on L1');
  });
});

/** Runs `fn` with `process.stderr.isTTY` set, as in a terminal. */
function withTty<T>(fn: () => T): T {
  const saved = Object.getOwnPropertyDescriptor(process.stderr, 'isTTY');
  Object.defineProperty(process.stderr, 'isTTY', { value: true, configurable: true, writable: true });
  const restore = (): void => {
    if (saved) Object.defineProperty(process.stderr, 'isTTY', saved);
    else delete (process.stderr as { isTTY?: boolean }).isTTY;
  };
  try {
    const result = fn();
    if (result instanceof Promise) return result.finally(restore) as T;
    restore();
    return result;
  } catch (error) {
    restore();
    throw error;
  }
}
