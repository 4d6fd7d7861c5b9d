/**
 * The prover host process (started by `ProverHost`): opens the Prover once (key, witness wasm and
 * engine threads stay resident) and proves each batch JSON it is sent, so witness computation
 * and the engine's main-thread work never block the BullMQ worker's event loop (lock renewal).
 * It exits when its parent closes it or goes away (the IPC channel closes: a killed worker leaves
 * no orphan prover behind).
 */
import { isZkrError } from '@zkr/errors';
import { Prover } from '@zkr/prover';
import { batchFromJson, createCryptoSuite, type Batch } from '@zkr/state';
import type { ErrorFields } from './errors';
import type { HostReply, HostRequest, HostSettings } from './prover-host';

function errorReply(error: unknown): ErrorFields {
  if (isZkrError(error)) return { code: error.code, message: error.message, details: { ...error.details } };
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error), details: {} };
}

const post = (reply: HostReply): void => void process.send?.(reply);

async function open(settings: HostSettings): Promise<void> {
  let prover: Prover;
  try {
    prover = await Prover.fromArtifacts(settings.artifactsDir, { engine: settings.engine, threads: settings.threads, onNotice: (line) => post({ type: 'notice', line }) });
  } catch (error) {
    post({ type: 'open-failed', ...errorReply(error) });
    process.disconnect?.();
    return;
  }
  const suite = await createCryptoSuite();
  post({ type: 'ready', engine: prover.engineName, threads: prover.threads, instance: prover.instance ?? null, vkey: prover.vkey });
  // One request at a time: the host proves sequentially (a worker's concurrency is its number of hosts).
  let queue = Promise.resolve();
  process.on('message', (request: HostRequest) => {
    queue = queue.then(async () => {
      if (request.type === 'close') {
        await prover.close();
        post({ type: 'closed' });
        process.exit(0);
      }
      if (request.type !== 'prove') return;
      let batch: Batch;
      try {
        batch = batchFromJson(suite, request.input, `proving job ${request.jobId}`);
      } catch (error) {
        // A payload that is not a batch can never be proved: the worker refuses the job (INVALID_JOB).
        const { code, message } = errorReply(error);
        post({ type: 'failed', id: request.id, code: 'INVALID_JOB', message: `proving job ${request.jobId}: the batch is invalid (${code}: ${message})`, details: { jobId: request.jobId, field: 'input', cause: code } });
        return;
      }
      try {
        const result = await prover.prove(batch);
        post({ type: 'proved', id: request.id, proof: result.proof, publicSignals: result.publicSignals, proveMs: result.timings.totalMs });
      } catch (error) {
        post({ type: 'failed', id: request.id, ...errorReply(error) });
      }
    });
  });
}

// The parent went away (closed, crashed or SIGKILLed): nobody will read a proof, stop now.
process.on('disconnect', () => process.exit(0));
process.once('message', (request: HostRequest) => {
  if (request.type === 'open') void open(request.settings);
});
