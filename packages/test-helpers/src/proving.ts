/** The dev-setup artifact set: the real batch circuit of an instance set up in dev mode by @zkr/setup, in the shared fixture cache. */
import { join } from 'node:path';
import { compileCircuit, instanceName, resolveInstance, type CircuitInstanceParams } from '@zkr/circuits';
import { setupArtifacts } from '@zkr/setup';
import { FIXTURE_CACHE } from './cache';

/** Compiles and sets up (dev mode) the batch circuit of `params` (Q and W default to 1); returns its artifact directory. */
export async function batchArtifacts(params: CircuitInstanceParams): Promise<string> {
  const instance = resolveInstance(params);
  const compiled = await compileCircuit(instance);
  const outDir = join(FIXTURE_CACHE, `artifacts-${instanceName(instance)}`);
  await setupArtifacts({
    r1csPath: compiled.r1csPath,
    wasmPath: compiled.wasmPath,
    circuit: {
      name: instanceName(instance), depth: instance.depth, batchSize: instance.batchSize,
      queuePositions: instance.queuePositions, withdrawalPositions: instance.withdrawalPositions,
    },
    outDir,
    mode: { kind: 'dev' },
    lockWaitMs: 30 * 60_000, // jest workers share the fixture: one sets it up, the others wait for it
  });
  return outDir;
}
