/**
 * `zkr setup`: Groth16 keys for a circuit instance (ceremony ptau, or `--dev` for development only),
 * `zkr setup contribute` (add a phase-2 contribution) and `zkr setup verify`.
 */
import type { Command } from 'commander';
import { cliError } from '../errors';
import { artifactsCacheDir, compileCircuit, instanceName, MAX_BATCH_SIZE } from '@zkr/circuits';
import { assertSetupPaths, contribute, isBeaconHash, setupArtifacts, verifyArtifacts } from '@zkr/setup';
import type { Manifest, SetupMode, SetupProgress } from '@zkr/setup';
import { exactlyOne, parseDepth, parseInteger } from '../args';
import type { Cli } from '../cli';
import { progressPrinter } from '../progress';

interface SetupFlags {
  depth?: string;
  batchSize?: string;
  r1cs?: string;
  wasm?: string;
  circuitName?: string;
  dev?: boolean;
  ptau?: string;
  contributor?: string[];
  beacon?: string;
  beaconIterations: string;
  threads?: string;
  out?: string;
}

const DEV_WARNING =
  'WARNING: DEVELOPMENT-ONLY KEYS. This machine generated the toxic waste and could forge proofs. ' +
  'Never deploy them for anything of value; use --ptau with a public ceremony file instead.';

/** Registers `zkr setup`, `zkr setup contribute` and `zkr setup verify`. */
export function register(program: Command, cli: Cli): void {
  const setup = program
    .command('setup')
    .description('make the Groth16 proving/verification keys of a circuit instance into an artifact dir')
    .option('--depth <D>', 'batch circuit: account tree depth (with --batch-size)')
    .option('--batch-size <N>', 'batch circuit: transfers per batch (with --depth)')
    .option('--r1cs <file>', 'any circuit: its .r1cs (with --wasm and --circuit-name) instead of --depth/--batch-size')
    .option('--wasm <file>', 'any circuit: its witness .wasm')
    .option('--circuit-name <name>', 'any circuit: name recorded in the manifest')
    .option('--dev', 'DEVELOPMENT ONLY: fast setup with locally sampled secrets (insecure)')
    .option('--ptau <file>', 'powers-of-tau file of a public ceremony (e.g. powersOfTau28_hez_final_16.ptau)')
    .option('--contributor <names...>', 'with --ptau: phase-2 contributions to make now (default: one, "zkr setup")')
    .option('--beacon <hex>', 'with --ptau: apply a public random beacon last')
    .option('--beacon-iterations <E>', 'log2 of the beacon hash iterations (10..63)', '10')
    .option('--threads <T>', 'with --dev: worker threads (default: number of cores)')
    .option('--out <dir>', 'artifact directory (default: <cache>/artifacts/<name>, cache = $ZKR_CACHE_DIR, $XDG_CACHE_HOME/zkr or ~/.cache/zkr)')
    .action(async (flags: SetupFlags) => {
      const kind = exactlyOne({ dev: flags.dev, ptau: flags.ptau }, { dev: '--dev', ptau: '--ptau' });
      const circuit = await resolveCircuit(flags, cli);
      const outDir = flags.out ?? artifactsCacheDir(circuit.info.name);
      const mode: SetupMode =
        kind === 'dev'
          ? { kind: 'dev', threads: flags.threads === undefined ? undefined : parseInteger(flags.threads, '--threads', 1, 256) }
          : {
              kind: 'ceremony',
              ptauPath: flags.ptau!,
              contributions: flags.contributor?.map((name) => ({ name })),
              beacon:
                flags.beacon === undefined
                  ? undefined
                  : { hash: flags.beacon, iterationsExp: parseInteger(flags.beaconIterations, '--beacon-iterations', 10, 63) },
            };
      if (mode.kind === 'dev') cli.note(DEV_WARNING);
      const manifest = await setupArtifacts({
        r1csPath: circuit.r1csPath,
        wasmPath: circuit.wasmPath,
        circuit: circuit.info,
        circomVersion: circuit.circomVersion,
        outDir,
        mode,
        onProgress: progressPrinter(cli, '', (p: SetupProgress) => ({ stage: p.stage, fraction: p.total === 0 ? 1 : p.done / p.total, detail: `${p.done}/${p.total}` })),
      });
      cli.result({ dir: outDir, manifest }, summary(outDir, manifest));
    });

  setup
    .command('contribute')
    .description('add a phase-2 contribution to an artifact dir (updates the zkey, vkey.json, Verifier.sol, manifest)')
    .requiredOption('--dir <dir>', 'artifact directory made by `zkr setup`')
    .requiredOption('--name <name>', 'contributor name recorded in the key')
    .option('--entropy <text>', 'extra entropy (mixed with the OS CSPRNG)')
    .action(async (flags: { dir: string; name: string; entropy?: string }) => {
      const manifest = await contribute(flags.dir, { name: flags.name, entropy: flags.entropy });
      if (manifest.developmentOnly) cli.note(`${DEV_WARNING} (a contribution does not make a dev key secure)`);
      const last = manifest.setup.contributions[manifest.setup.contributions.length - 1];
      cli.result({ dir: flags.dir, contribution: last, manifest }, `contribution "${last.name}" added to ${flags.dir}\nhash ${last.hash}`);
    });

  setup
    .command('verify')
    .description('check an artifact dir: file hashes, zkey vs circuit, vkey/verifier vs zkey, and zkey vs ptau (ceremony)')
    .requiredOption('--dir <dir>', 'artifact directory made by `zkr setup`')
    .option('--ptau <file>', 'ceremony ptau to verify against (default: the path recorded in the manifest)')
    .action(async (flags: { dir: string; ptau?: string }) => {
      // Unless the root program uses positional options, commander hands `--ptau` to `setup` itself.
      const ptauPath = flags.ptau ?? setup.opts<SetupFlags>().ptau;
      const report = await verifyArtifacts(flags.dir, { ptauPath });
      if (report.developmentOnly) cli.note(DEV_WARNING);
      const ptauLine = report.ptauVerified
        ? 'zkey re-derived from r1cs + ptau: OK'
        : report.kind === 'dev'
          ? 'dev key: no ceremony to verify against'
          : 'ptau not available: pass --ptau to verify the key against the ceremony';
      cli.result(
        { dir: flags.dir, ...report },
        `${flags.dir}: OK (${report.kind}${report.developmentOnly ? ', DEVELOPMENT ONLY' : ''}, ${report.contributions} contribution(s))\n${ptauLine}`,
      );
    });
}

interface ResolvedCircuit {
  r1csPath: string;
  wasmPath: string;
  circomVersion?: string;
  info: { name: string } & Record<string, unknown>;
}

/** Refuses unusable --r1cs, --wasm and --out paths before compiling or setting up anything. */
function checkPaths(flags: SetupFlags): Promise<void> {
  if (flags.beacon !== undefined && !isBeaconHash(flags.beacon)) {
    throw cliError('INVALID_ARGUMENT', `--beacon must be 1 to 255 bytes of hex (an even number of hex digits), got ${JSON.stringify(flags.beacon)}`, { details: { field: '--beacon', value: flags.beacon } });
  }
  return assertSetupPaths(
    { r1csPath: flags.r1cs, wasmPath: flags.wasm, ptauPath: flags.ptau, outDir: flags.out },
    { r1csPath: '--r1cs', wasmPath: '--wasm', ptauPath: '--ptau', outDir: '--out' },
  );
}

async function resolveCircuit(flags: SetupFlags, cli: Cli): Promise<ResolvedCircuit> {
  const batch = flags.depth !== undefined || flags.batchSize !== undefined;
  const custom = flags.r1cs !== undefined || flags.wasm !== undefined || flags.circuitName !== undefined;
  if (batch === custom) {
    throw cliError('INVALID_ARGUMENT', 'pass either --depth and --batch-size (the batch circuit) or --r1cs, --wasm and --circuit-name', {
      details: { field: '--depth/--batch-size or --r1cs/--wasm/--name' },
    });
  }
  if (batch) {
    if (flags.depth === undefined || flags.batchSize === undefined) {
      throw cliError('INVALID_ARGUMENT', 'pass both --depth and --batch-size', { details: { field: '--depth/--batch-size' } });
    }
    const instance = { depth: parseDepth(flags.depth, '--depth'), batchSize: parseInteger(flags.batchSize, '--batch-size', 1, MAX_BATCH_SIZE) };
    await checkPaths(flags);
    const compiled = await compileCircuit(instance, { onProgress: (line) => cli.note(line) });
    return {
      r1csPath: compiled.r1csPath,
      wasmPath: compiled.wasmPath,
      circomVersion: compiled.compilerVersion,
      info: { name: instanceName(instance), depth: instance.depth, batchSize: instance.batchSize },
    };
  }
  if (flags.r1cs === undefined || flags.wasm === undefined || flags.circuitName === undefined) {
    throw cliError('INVALID_ARGUMENT', 'pass all of --r1cs, --wasm and --circuit-name', { details: { field: '--r1cs/--wasm/--circuit-name' } });
  }
  await checkPaths(flags);
  return { r1csPath: flags.r1cs, wasmPath: flags.wasm, info: { name: flags.circuitName } };
}

function summary(dir: string, m: Manifest): string {
  const lines = [
    `artifacts in ${dir}: ${m.circuit.name}, ${m.circuit.constraints} constraints, ${m.circuit.nPublic} public signal(s)`,
    `setup: ${m.setup.kind}, domain 2^${m.setup.power}, ${m.setup.contributions.length} contribution(s)`,
    `zkey sha256 ${m.files.zkey}`,
  ];
  if (m.developmentOnly) lines.push('DEVELOPMENT ONLY: do not deploy these keys');
  return lines.join('\n');
}
