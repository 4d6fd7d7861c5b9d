/**
 * `zkr prove` (Groth16 proof of a batch, or of any circuit's input file, written as snarkjs-format proof.json + public.json) and
 * `zkr verify` (off-chain verification against an artifact directory's verification key).
 */
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { commitFiles } from '@zkr/files';
import { cliError } from '../errors';
import { parseCircuitInput, Prover, toSolidityCalldata, verifyProof, type ProveProgress, type ProverInput } from '@zkr/prover';
import { artifactPaths, loadArtifacts } from '@zkr/setup';
import { readBatchFile, readJson } from '@zkr/state';
import { ENGINE_NAMES, exactlyOne, parseEngine, parseInteger } from '../args';
import { assertWritableOutputs } from '../outputs';
import { progressPrinter } from '../progress';
import { warnDevelopmentKeys } from '../warnings';
import type { Cli } from '../cli';

interface ProveFlags {
  artifacts: string;
  batch?: string;
  input?: string;
  out: string;
  public?: string;
  engine: string;
  threads?: string;
  /** False with `--no-verify`. */
  verify: boolean;
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

/** What `zkr prove` proves: the batch file of `--batch`, or the circuit input file of `--input`. */
async function readProverInput(cli: Cli, kind: string | undefined, flags: ProveFlags): Promise<ProverInput> {
  return kind === 'batch' ? readBatchFile(await cli.crypto(), flags.batch!) : parseCircuitInput(await readJson(flags.input!), flags.input);
}

/** Registers `zkr prove` and `zkr verify`. */
export function register(program: Command, cli: Cli): void {
  program
    .command('prove')
    .description('prove a batch (or any circuit\'s input) with an artifact directory; writes snarkjs-format proof and public signals')
    .requiredOption('--artifacts <dir>', 'artifact directory made by `zkr setup`')
    .option('--batch <file>', 'batch file made by `zkr batch build` (the batch circuit)')
    .option('--input <file>', 'instead of --batch: circuit input JSON (signal name to decimal string or nested arrays), for any circuit set up with `zkr setup --r1cs`')
    .requiredOption('--out <file>', 'proof file to write (snarkjs proof.json format)')
    .option('--public <file>', 'public signals file to write (default: public.json beside --out)')
    .option('--engine <name>', `proving engine: ${ENGINE_NAMES.join(' or ')} (native falls back to zkr, with one line, when its addon cannot load; snarkjs is the reference path)`, 'native')
    .option('--threads <T>', 'worker threads of the native and zkr engines (default: number of cores)')
    .option('--no-verify', 'skip verifying the proof before writing it (one pairing check, ~0.3 s on the default instance): a wrong proof from an engine bug is then only caught by `zkr verify` or when L1 rejects the batch')
    .action(async (flags: ProveFlags) => {
      const engine = parseEngine(flags.engine);
      const threads = flags.threads === undefined ? undefined : parseInteger(flags.threads, '--threads', 1, 256);
      const kind = exactlyOne({ batch: flags.batch, input: flags.input }, { batch: '--batch', input: '--input' });
      const pub = publicPath(flags.out, flags.public);
      // Before loading the keys or proving: a proof made with nowhere to write it is wasted work.
      assertWritableOutputs([[flags.out, '--out'], [pub, '--public']]);
      const input = await readProverInput(cli, kind, flags);
      const prover = await Prover.fromArtifacts(flags.artifacts, { engine, threads, onProgress: progressPrinter(cli, 'proving ', (p: ProveProgress) => ({ stage: p.stage, fraction: p.fraction, detail: `${Math.round(p.fraction * 100)}%` })) });
      try {
        const manifest = await readJson(artifactPaths(flags.artifacts).manifest);
        if ((manifest as { developmentOnly?: unknown }).developmentOnly === true) warnDevelopmentKeys(cli, `in ${flags.artifacts}`);
        const result = await prover.prove(input);
        if (flags.verify && !(await prover.verify(result.proof, result.publicSignals))) {
          throw cliError('PROOF_INVALID', `the ${engine} engine produced a proof that does not verify; retry with --engine snarkjs and report the bug`);
        }
        await commitFiles([
          { path: flags.out, data: `${JSON.stringify(result.proof, null, 1)}\n`, label: '--out' },
          { path: pub, data: `${JSON.stringify(result.publicSignals, null, 1)}\n`, label: '--public' },
        ]);
        const t = result.timings;
        cli.result(
          { proof: flags.out, public: pub, engine, verified: flags.verify, publicSignals: result.publicSignals, calldata: toSolidityCalldata(result.proof, result.publicSignals), timings: t },
          [
            `wrote ${flags.out} and ${pub} (engine ${engine}, ${prover.threads} thread(s), ${flags.verify ? 'verified' : 'not verified: --no-verify'})`,
            `public signals ${result.publicSignals.join(', ') || '(none)'}`,
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
      if (manifest.developmentOnly) warnDevelopmentKeys(cli, `in ${flags.artifacts}`);
      const pub = publicPath(flags.proof, flags.public);
      const [vkey, proof, signals] = await Promise.all([readJson(paths.vkey), readJson(flags.proof), readJson(pub)]);
      if (!(await verifyProof(vkey, proof, signals))) {
        if (cli.json) cli.result({ valid: false, proof: flags.proof, public: pub }, '');
        throw cliError('PROOF_INVALID', `${flags.proof} does not verify for the public signals in ${pub} with ${paths.vkey}`, { details: { proof: flags.proof, public: pub } });
      }
      cli.result({ valid: true, proof: flags.proof, public: pub }, `OK: ${flags.proof} verifies`);
    });
}
