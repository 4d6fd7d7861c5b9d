/**
 * The signature checker on real worker threads, with each engine: the same verdicts as
 * `suite.eddsa.verify` on valid, tampered and malformed signatures, the engine chosen by default and
 * by `ZKR_NATIVE=0`, malformed values answered without a round trip, and `close()` ending its
 * threads.
 */
import { createHook } from 'node:async_hooks';
import { isZkrError } from '@zkr/errors';
import { nativeAvailable } from '@zkr/native';
import { createCryptoSuite, FIELD_ORDER as P, SUBGROUP_ORDER as L, type CryptoSuite } from '@zkr/state';
import { seededBigints, testSeed } from '@zkr/test-helpers';
import { createSignatureChecker, type SignatureCheck, type SignatureChecker } from './signatures';

const seed = testSeed();
const random = seededBigints(seed);
let suite: CryptoSuite;

beforeAll(async () => {
  suite = await createCryptoSuite({ poseidon: 'lite' });
});

const privateKey = (): Uint8Array => Uint8Array.from({ length: 32 }, () => Number(random(8)));

/** Valid signatures, each followed by tampered and malformed copies of it. */
function mixedBatch(count: number): SignatureCheck[] {
  return Array.from({ length: count }, () => {
    const key = privateKey();
    const publicKey = suite.eddsa.publicKey(key);
    const message = random(253) % P;
    const signature = suite.eddsa.sign(key, message);
    const { R8x, R8y, S } = signature;
    return [
      { message, signature, publicKey },
      { message: (message + 1n) % P, signature, publicKey },
      { message, signature: { R8x, R8y, S: (S + 1n) % L }, publicKey },
      { message, signature: { R8x: (R8x + 1n) % P, R8y, S }, publicKey },
      { message, signature, publicKey: [P - publicKey[0], P - publicKey[1]] as const },
      { message, signature, publicKey: [0n, 1n] as const },
      { message, signature: { R8x, R8y, S: S + L }, publicKey },
      { message: message + P, signature, publicKey },
    ];
  }).flat();
}

/** The live worker threads of this process, followed through async hooks. */
const liveWorkers = new Set<number>();
const hook = createHook({
  init(id, type) {
    if (type === 'WORKER') liveWorkers.add(id);
  },
  destroy(id) {
    liveWorkers.delete(id);
  },
});

const opened: SignatureChecker[] = [];
async function open(options: Omit<Parameters<typeof createSignatureChecker>[0], 'suite'>): Promise<SignatureChecker> {
  const checker = await createSignatureChecker({ suite, ...options });
  opened.push(checker);
  return checker;
}

const saved = process.env.ZKR_NATIVE;
afterEach(async () => {
  if (saved === undefined) delete process.env.ZKR_NATIVE;
  else process.env.ZKR_NATIVE = saved;
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return isZkrError(error) ? error.code : String(error);
  }
  return undefined;
}

describe(`signature checker (seed ${seed})`, () => {
  it('uses the native engine by default when the addon loads', async () => {
    expect(nativeAvailable()).toBe(true);
    expect((await open({ threads: 1 })).engine).toBe('native');
  });

  it.each(['native', 'js'] as const)('gives suite.eddsa.verify\'s verdicts on a mixed batch with the %s engine', async (engine) => {
    const checker = await open({ threads: 2, engine });
    expect(checker.engine).toBe(engine);
    const batch = mixedBatch(6);
    const verdicts = await checker.check(batch);
    expect(verdicts).toEqual(batch.map((c) => suite.eddsa.verify(c.message, c.signature, c.publicKey)));
    // Exactly the first of each group of 8 verifies, so the comparison above can fail both ways.
    expect(verdicts).toEqual(batch.map((_, i) => i % 8 === 0));
  });

  it('checks in JavaScript under ZKR_NATIVE=0, and refuses engine native there', async () => {
    process.env.ZKR_NATIVE = '0';
    const checker = await open({ threads: 1 });
    expect(checker.engine).toBe('js');
    const batch = mixedBatch(1);
    expect(await checker.check(batch)).toEqual(batch.map((_, i) => i === 0));
    expect(await codeOf(createSignatureChecker({ suite, engine: 'native' }))).toBe('INVALID_ARGUMENT');
  });

  it('refuses an unknown engine and a bad thread count', async () => {
    expect(await codeOf(createSignatureChecker({ suite, engine: 'gpu' as never }))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(createSignatureChecker({ suite, threads: 0 }))).toBe('INVALID_ARGUMENT');
  });

  it('answers malformed values false without a round trip: a close() right after the call cannot fail them', async () => {
    const checker = await createSignatureChecker({ suite, threads: 1 });
    const [valid] = mixedBatch(1);
    const malformed = [
      { ...valid, message: -1n },
      { ...valid, signature: { ...valid.signature, S: L } },
      { ...valid, publicKey: [P, 1n] as const },
      { ...valid, signature: null as never },
      { ...valid, publicKey: 'key' as never },
    ];
    const answers = checker.check(malformed);
    const wellFormed = codeOf(checker.check([valid]));
    await checker.close();
    expect(await answers).toEqual([false, false, false, false, false]);
    expect(await wellFormed).toBe('NOT_RUNNING');
  });

  it('ends its threads on close() and refuses checks afterwards with NOT_RUNNING', async () => {
    hook.enable();
    try {
      const checker = await createSignatureChecker({ suite, threads: 2 });
      expect(liveWorkers.size).toBe(2);
      await checker.close();
      // A thread's handle is destroyed on a later turn of the loop than its exit: give it a few.
      for (let turn = 0; turn < 100 && liveWorkers.size > 0; turn++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(liveWorkers.size).toBe(0);
      expect(await codeOf(checker.check(mixedBatch(1)))).toBe('NOT_RUNNING');
      await checker.close();
    } finally {
      hook.disable();
    }
  });
});
