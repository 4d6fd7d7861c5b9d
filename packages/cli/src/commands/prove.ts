/**
 * `zkr prove` (Groth16 proof of a batch, written as snarkjs-format proof.json + public.json) and
 * `zkr verify` (off-chain verification against an artifact directory's verification key).
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { cliError } from '../errors';
import { Prover, toSolidityCalldata, verifyProof, type ProveProgress } from '@zkr/prover';
import { artifactPaths, loadArtifacts } from '@zkr/setup';
import { readBatchFile, readJson } from '@zkr/state';
import { ENGINE_NAMES, parseEngine, parseInteger } from '../args';
import { progressPrinter } from '../progress';
import type { Cli } from '../cli';

interface ProveFlags {
  artifacts: string;
  batch: string;
  out: string;
  public?: string;
  engine: string;
  threads?: string;
}

interface VerifyFlags {
  artifacts: string;
  proof: string;
  public?: string;
}

/** public.json beside the proof unless given. */
function publicPath(proofPath: string, given: string | undefined): string {
  return given ?? join(dirname(proofPath), 'public.json');
}

/** Writes every file to a temporary name first, then renames them all: nothing partial is left behind. */
async function writeAll(files: readonly (readonly [path: string, text: string])[]): Promise<void> {
  const temps = files.map(([path]) => `${path}.tmp-${process.pid}`);
  try {
    await Promise.all(files.map(([, text], i) => writeFile(temps[i]!, text)));
    for (const [i, [path]] of files.entries()) await rename(temps[i]!, path);
  } finally {
    await Promise.all(temps.map((t) => rm(t, { force: true })));
  }
}

/** One stderr line (never stdout, so `--json` stays parseable) when `dir` holds dev keys. */
function warnIfDevelopmentKeys(cli: Cli, dir: string, developmentOnly: unknown): void {
  if (developmentOnly === true) {
    cli.note(`WARNING: DEVELOPMENT-ONLY KEYS in ${dir}: whoever ran the setup could forge proofs; never rely on them for anything of value.`);
  }
}

/** Registers `zkr prove` and `zkr verify`. */
export function register(program: Command, cli: Cli): void {
  program
    .command('prove')
    .description('prove a batch with an artifact directory; writes snarkjs-format proof and public signals')
    .requiredOption('--artifacts <dir>', 'artifact directory made by `zkr setup`')
    .requiredOption('--batch <file>', 'batch file made by `zkr batch build`')
    .requiredOption('--out <file>', 'proof file to write (snarkjs proof.json format)')
    .option('--public <file>', 'public signals file to write (default: public.json beside --out)')
    .option('--engine <name>', `proving engine: ${ENGINE_NAMES.join(' or ')} (snarkjs is the reference path)`, 'zkr')
    .option('--threads <T>', 'worker threads of the zkr engine (default: number of cores)')
    .action(async (flags: ProveFlags) => {
      const engine = parseEngine(flags.engine);
      const threads = flags.threads === undefined ? undefined : parseInteger(flags.threads, '--threads', 1, 256);
      const batch = await readBatchFile(flags.batch);
      const prover = await Prover.fromArtifacts(flags.artifacts, { engine, threads, onProgress: progressPrinter(cli, 'proving ', (p: ProveProgress) => ({ stage: p.stage, fraction: p.fraction, detail: `${Math.round(p.fraction * 100)}%` })) });
      try {
        const manifest = await readJson(artifactPaths(flags.artifacts).manifest);
        warnIfDevelopmentKeys(cli, flags.artifacts, (manifest as { developmentOnly?: unknown }).developmentOnly);
        const result = await prover.prove(batch);
        if (!(await prover.verify(result.proof, result.publicSignals))) {
          throw cliError('PROOF_INVALID', `the ${engine} engine produced a proof that does not verify; retry with --engine snarkjs and report the bug`);
        }
        const pub = publicPath(flags.out, flags.public);
        await writeAll([
          [flags.out, `${JSON.stringify(result.proof, null, 1)}\n`],
          [pub, `${JSON.stringify(result.publicSignals, null, 1)}\n`],
        ]);
        const t = result.timings;
        cli.result(
          { proof: flags.out, public: pub, engine, publicSignals: result.publicSignals, calldata: toSolidityCalldata(result.proof, result.publicSignals), timings: t },
          [
            `wrote ${flags.out} and ${pub} (engine ${engine}, ${prover.threads} thread(s))`,
            `public input ${result.publicSignals[0]}`,
            `witness ${(t.witnessMs / 1000).toFixed(2)} s, proof ${(t.proveMs / 1000).toFixed(2)} s`,
          ].join('\n'),
        );
      } finally {
        await prover.close();
      }
    });

  program
    .command('verify')
    .description('verify a proof off-chain against an artifact directory (exit code 1 if invalid; with --json prints {"valid": false, ...} too)')
    .requiredOption('--artifacts <dir>', 'artifact directory made by `zkr setup`')
    .requiredOption('--proof <file>', 'proof file (snarkjs proof.json format)')
    .option('--public <file>', 'public signals file (default: public.json beside --proof)')
    .action(async (flags: VerifyFlags) => {
      const { paths, manifest } = await loadArtifacts(flags.artifacts);
      warnIfDevelopmentKeys(cli, flags.artifacts, manifest.developmentOnly);
      const pub = publicPath(flags.proof, flags.public);
      const [vkey, proof, signals] = await Promise.all([readJson(paths.vkey), readJson(flags.proof), readJson(pub)]);
      if (!(await verifyProof(vkey, proof, signals))) {
        if (cli.json) cli.result({ valid: false, proof: flags.proof, public: pub }, '');
        throw cliError('PROOF_INVALID', `${flags.proof} does not verify for the public signals in ${pub} with ${paths.vkey}`, { details: { proof: flags.proof, public: pub } });
      }
      cli.result({ valid: true, proof: flags.proof, public: pub }, `OK: ${flags.proof} verifies`);
    });
}
