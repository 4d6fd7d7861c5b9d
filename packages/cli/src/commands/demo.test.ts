import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileCacheDir, DEFAULT_INSTANCE, instanceName } from '@zkr/circuits';
import type { EndToEndReport } from '@zkr/operator';
import { batchArtifacts } from '@zkr/test-helpers';
import type { Cli } from '../cli';
import { buildProgram, main } from '../main';
import { demoProgress, demoSummary } from './demo';

const report: EndToEndReport = {
  instance: { depth: 8, batchSize: 2 },
  constraints: 123460,
  artifactsDir: '.zkr/artifacts/batch-d8-n2',
  developmentOnly: true,
  compileMs: 1500,
  setupMs: 2500,
  rollup: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
  domain: 42n,
  genesisRoot: 1n,
  finalRoot: 3n,
  finalStateHash: 33n,
  batches: [
    { batchNumber: 1, transfers: 2, rejected: [], newRoot: 2n, newStateHash: 22n, witnessMs: 300, proveMs: 4000, gasUsed: 239000n, calldataBytes: 356, slotBytes: 16, onChainStateHash: 22n },
    { batchNumber: 2, transfers: 1, rejected: ['BAD_NONCE'], newRoot: 3n, newStateHash: 33n, witnessMs: 200, proveMs: 6000, gasUsed: 239010n, calldataBytes: 357, slotBytes: 16, onChainStateHash: 33n },
  ],
};

describe('demoSummary', () => {
  const text = demoSummary(report);

  it('prints one aligned row per batch with gas and calldata bytes per transfer', () => {
    const rows = text.split('\n').filter((l) => /^\s+\d+\s/.test(l));
    expect(rows).toHaveLength(2);
    expect(rows[0].trim().split(/\s+/)).toEqual(['1', '2', '0', '0.3', 's', '4.0', 's', '239000', '119500', '356', '178']);
    expect(rows[1].trim().split(/\s+/)).toEqual(['2', '1', '1', '0.2', 's', '6.0', 's', '239010', '239010', '357', '357']);
  });

  it('totals transfers, gas and bytes, takes the median prove time and flags development keys', () => {
    expect(text).toContain('2 batches, 3 transfers settled on L1');
    expect(text).toContain('L1 state hash = local state hash after every batch');
    expect(text).toContain('median prove 5.0 s');
    expect(text).toContain('gas 239005 per batch, 159336 per transfer; calldata 237.7 B per transfer, of which 8 B is its slot');
    expect(text).toContain('DEVELOPMENT-ONLY keys');
    expect(text).toContain('final root 3, state hash 33');
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
      const code = await withTty(() => main(['node', 'zkr', 'demo', '--batches', '1'], { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) }));
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
      /^deploying the Poseidon hasher, the verifier and the Rollup/,
      /^deployed Rollup at 0x/,
      /^signed \d+ transfers/,
      /^loading the proving key$/,
      /^batch 1\/1: 2 transfers built, proving$/,
      // One redrawn bar per proof: from its first stage to 100%, then one newline.
      /^\rproving start .*\rproving done {7}\[#{30}\] 100%\x1b\[K$/s,
      /^batch 1: 2 transfers, proved in/,
    ];
    let at = 0;
    for (const stage of stages) {
      const found = lines.findIndex((line, i) => i >= at && stage.test(line));
      expect([stage, found >= 0]).toEqual([stage, true]);
      at = found + 1;
    }
    expect(stdout).toContain('1 batches, 2 transfers settled on L1');
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
