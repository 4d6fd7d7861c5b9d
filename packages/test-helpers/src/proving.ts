/** The dev-setup artifact set: the real batch circuit of an instance set up in dev mode by @zkr/setup, in the shared fixture cache. */
import { join } from 'node:path';
import { compileCircuit, instanceName, type CircuitInstance } from '@zkr/circuits';
import { setupArtifacts } from '@zkr/setup';
import { FIXTURE_CACHE } from './cache';

/** Compiles and sets up (dev mode) the batch circuit of `instance`; returns its artifact directory. */
export async function batchArtifacts(instance: CircuitInstance): Promise<string> {
  const compiled = await compileCircuit(instance);
  const outDir = join(FIXTURE_CACHE, `artifacts-${instanceName(instance)}`);
  await setupArtifacts({
    r1csPath: compiled.r1csPath,
    wasmPath: compiled.wasmPath,
    circuit: { name: instanceName(instance), depth: instance.depth, batchSize: instance.batchSize },
    outDir,
    mode: { kind: 'dev' },
    lockWaitMs: 30 * 60_000, // jest workers share the fixture: one sets it up, the others wait for it
  });
  return outDir;
}
