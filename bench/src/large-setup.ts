/**
 * Dev setup at large sizes (issue 11, large instances). A synthetic circuit whose constraint count
 * fills a 2^power domain (chained squarings x -> x^2 + c in blocks of 1024, so circom2 compiles it
 * in linear time), and `setupDev` on an r1cs timed per progress stage, with the process's peak RSS
 * (main thread and workers) and the zkey size, printed as one JSON line.
 * `node -r ./packages/test-helpers/ts-register.js bench/src/large-setup.ts circuit <power> <out.circom>`
 * `node -r ./packages/test-helpers/ts-register.js bench/src/large-setup.ts setup <circuit.r1cs> <out.zkey> [threads]`
 * (figures and commands: bench/results/large-setup.md).
 */
import { stat, writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { setupDev, type SetupProgress } from '@zkr/setup';

/** Squarings per block template of {@link chainCircuit}. */
const BLOCK = 1024;

/**
 * circom source of the largest chain of 1024-squaring blocks whose constraints, 5 public inputs
 * and 1 output fit a 2^power domain (2^power - 1024 constraints). One template holding a million
 * signals compiles in superlinear time (16k: 2.7 s, 64k: 20 s); blocks keep it linear.
 */
export function chainCircuit(power: number): string {
  const blocks = 2 ** (power - 10) - 1;
  return `pragma circom 2.0.0;
// Synthetic large instance (zkr bench/src/large-setup.ts): ${blocks * BLOCK} chained squarings.
template Block(m) {
  signal input in;
  signal input c[4];
  signal output out;
  signal s[m + 1];
  s[0] <== in;
  for (var i = 0; i < m; i++) s[i + 1] <== s[i] * s[i] + c[i % 4];
  out <== s[m];
}
template Chain(blocks, m) {
  signal input x;
  signal input c[4];
  signal output y;
  component b[blocks];
  for (var k = 0; k < blocks; k++) {
    b[k] = Block(m);
    b[k].in <== k == 0 ? x : b[k - 1].out;
    b[k].c <== c;
  }
  y <== b[blocks - 1].out;
}
component main { public [x, c] } = Chain(${blocks}, ${BLOCK});
`;
}

/** Wall time of one setup stage. */
export interface StageTime {
  readonly stage: string;
  readonly seconds: number;
}

/** What {@link measureDevSetup} measured. */
export interface LargeSetupFigures {
  readonly nConstraints: number;
  readonly nVars: number;
  readonly power: number;
  readonly threads: number | undefined;
  readonly stages: readonly StageTime[];
  readonly totalSeconds: number;
  readonly peakRssMiB: number;
  readonly zkeyBytes: number;
}

/** Runs the dev setup of `r1csPath` into `zkeyOut` and times each stage it reports. */
export async function measureDevSetup(r1csPath: string, zkeyOut: string, threads?: number): Promise<LargeSetupFigures> {
  const stages: StageTime[] = [];
  const start = performance.now();
  let current = 'read r1cs';
  let since = start;
  const next = (stage: string): void => {
    const now = performance.now();
    stages.push({ stage: current, seconds: (now - since) / 1000 });
    current = stage;
    since = now;
  };
  // A stage runs from its first report to the next stage's; what follows the QAP until the first
  // points (worker start, tables, header, coefficient section) is timed on its own.
  const onProgress = (p: SetupProgress): void => {
    if (p.stage === 'qap' && p.done === p.total && current === 'qap') next('workers + header + coefficients');
    else if (p.stage !== current && !(p.stage === 'qap' && current !== 'read r1cs')) next(p.stage);
  };
  const result = await setupDev(r1csPath, zkeyOut, { threads, onProgress });
  const end = performance.now();
  stages.push({ stage: `${current} + close`, seconds: (end - since) / 1000 });
  return {
    nConstraints: result.nConstraints,
    nVars: result.nVars,
    power: result.power,
    threads,
    stages: stages.map((s) => ({ stage: s.stage, seconds: Math.round(s.seconds * 10) / 10 })),
    totalSeconds: Math.round((end - start) / 100) / 10,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    zkeyBytes: (await stat(zkeyOut)).size,
  };
}

async function cli(args: readonly string[]): Promise<string> {
  const [command, first, second, third] = args;
  if (command === 'circuit' && first && second) {
    await writeFile(second, chainCircuit(Number(first)));
    return second;
  }
  if (command === 'setup' && first && second) return JSON.stringify(await measureDevSetup(first, second, third === undefined ? undefined : Number(third)));
  process.stderr.write('usage: large-setup.ts circuit <power> <out.circom> | setup <circuit.r1cs> <out.zkey> [threads]\n');
  process.exit(2);
}

if (require.main === module) {
  cli(process.argv.slice(2)).then(
    (line) => process.stdout.write(`${line}\n`),
    (error: unknown) => {
      process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
      process.exit(1);
    },
  );
}
