import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BN128_EXPORTS, Bn128Wasm, FR_ORDER, frInv, frMul, frRootOfUnity, launchWorker, PINNED_ENGINES, installedVersion, snarkjs } from '@zkr/bn254';

describe('scalar field', () => {
  it('has roots of unity that square down and inverses', () => {
    expect(frMul(frRootOfUnity(5), frRootOfUnity(5))).toBe(frRootOfUnity(4));
    expect(frRootOfUnity(0)).toBe(1n);
    expect(frMul(frInv(7n), 7n)).toBe(1n);
    expect(() => frInv(FR_ORDER)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => frRootOfUnity(29)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('pinned engines', () => {
  it('are the installed versions', () => {
    for (const [name, version] of Object.entries(PINNED_ENGINES)) expect(installedVersion(name as keyof typeof PINNED_ENGINES)).toBe(version);
  });

  it('load snarkjs through the checked facade', () => {
    expect(typeof snarkjs().groth16.prove).toBe('function');
  });
});

describe('bn128 wasm loader', () => {
  it('checks every export zkr calls and computes on G1', () => {
    const wasm = new Bn128Wasm();
    for (const name of BN128_EXPORTS) expect(typeof wasm.exports[name]).toBe('function');
    const heap = wasm.heap;
    const one = wasm.alloc(32);
    wasm.writeBigint(one, 1n);
    wasm.exports.frm_toMontgomery(one, one);
    wasm.exports.frm_batchFromMontgomery(one, 1, one);
    expect(wasm.readBigint(one)).toBe(1n);
    wasm.reset(heap);
    expect(wasm.heap).toBe(heap);
  });

  it('names the missing export with ENGINE_INCOMPATIBLE for another module', () => {
    const empty = Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
    expect(() => new Bn128Wasm(empty)).toThrow(expect.objectContaining({ code: 'ENGINE_INCOMPATIBLE', message: expect.stringContaining('frm_toMontgomery') }));
  });
});

describe('launchWorker', () => {
  it('runs a TypeScript worker from sources, resolving @zkr imports', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'zkr-worker-'));
    await writeFile(
      join(dir, 'echo.worker.ts'),
      "import { parentPort } from 'node:worker_threads';\nimport { FR_ORDER } from '@zkr/bn254';\nconst order: bigint = FR_ORDER;\nparentPort!.postMessage(order.toString());\n",
    );
    const worker = launchWorker(dir, 'echo.worker');
    try {
      expect(await new Promise((resolve, reject) => worker.once('message', resolve).once('error', reject))).toBe(FR_ORDER.toString());
    } finally {
      await worker.terminate();
    }
  });

  it('fails with WORKER_FAILED when the worker does not exist', () => {
    expect(() => launchWorker(tmpdir(), 'no-such.worker')).toThrow(expect.objectContaining({ code: 'WORKER_FAILED' }));
  });
});
