/**
 * A signature-check worker of {@link createSignatureChecker}: builds its own crypto suite and
 * answers each batch of checks with `suite.eddsa.verify`'s verdicts (bigints travel as hex), on
 * one of two engines chosen at start (`workerData.engine`): `native` hashes each message with the
 * suite's Poseidon, then checks the curve equation of the whole batch in `@zkr/native`'s addon
 * (`verifyEddsaBatch`, the same verdicts), `js` calls `suite.eddsa.verify`. Its Poseidon is
 * poseidon-lite (the same function): circomlibjs's wasm build starts ffjavascript's thread manager,
 * which cannot run inside a worker thread.
 *
 * It loads `@zkr/state` only after pointing `blake-hash` (which `@zkr/state`'s EdDSA imports for
 * key derivation and signing, never for verification) at that package's pure-JS build: the native
 * binding keeps its constructors in a C++ static shared by every thread, so a worker that loads it
 * corrupts the process's heap when it ends (`free(): invalid next size`, V8's
 * `Check failed: node->IsInUse()` at `close()`).
 */
import { dirname } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { nativeStatus, verifyEddsaBatch, type EddsaRecord } from '@zkr/native';
import type * as State from '@zkr/state';
import type { CryptoSuite } from '@zkr/state';

/** Makes `require('blake-hash')`, as `@zkr/state` resolves it, return the package's pure-JS build. */
function useBlakeHashJs(): void {
  const entry = require.resolve('blake-hash', { paths: [dirname(require.resolve('@zkr/state'))] });
  const js = require.resolve('./js', { paths: [dirname(entry)] });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(js);
  require.cache[entry] = require.cache[js];
}

useBlakeHashJs();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createCryptoSuite, isFieldElement } = require('@zkr/state') as typeof State;

/** How a worker checks signatures: in the native addon or in JavaScript. */
export type SignatureEngine = 'native' | 'js';

/** What a worker is started with. */
export interface VerifyWorkerData {
  readonly engine: SignatureEngine;
}

/** One check as it travels: message, R8x, R8y, S, Ax, Ay as hex strings. */
export type WireCheck = readonly [string, string, string, string, string, string];

/** A batch of checks to a worker. */
export interface VerifyRequest {
  readonly id: number;
  readonly checks: readonly WireCheck[];
}

/** A worker's answer: ready (with its engine), one verdict per check, or an error. */
export type VerifyReply =
  | { readonly type: 'ready'; readonly engine: SignatureEngine }
  | { readonly type: 'result'; readonly id: number; readonly verdicts: readonly boolean[] }
  | { readonly type: 'error'; readonly id?: number; readonly message: string };

const port = parentPort!;
const { engine } = workerData as VerifyWorkerData;

function jsVerdicts(suite: CryptoSuite, checks: readonly WireCheck[]): boolean[] {
  return checks.map((check) => {
    const [m, rx, ry, s, ax, ay] = check.map((h) => BigInt(h));
    return suite.eddsa.verify(m, { R8x: rx, R8y: ry, S: s }, [ax, ay]);
  });
}

/** The native engine's verdicts; a check whose hash inputs are not field elements fails as `verify` fails it. */
function nativeVerdicts(suite: CryptoSuite, checks: readonly WireCheck[]): boolean[] {
  const hashable: boolean[] = [];
  const records = checks.map((check): EddsaRecord => {
    const [m, R8x, R8y, S, Ax, Ay] = check.map((h) => BigInt(h));
    const inputs = [R8x, R8y, Ax, Ay, m];
    const ok = inputs.every(isFieldElement);
    hashable.push(ok);
    return { R8x, R8y, S, Ax, Ay, h: ok ? suite.poseidon.hash(inputs) : 0n };
  });
  const verdicts = verifyEddsaBatch(records);
  return verdicts.map((v, i) => v && hashable[i]);
}

function start(suite: CryptoSuite): void {
  const verdicts = engine === 'native' ? nativeVerdicts : jsVerdicts;
  port.on('message', (request: VerifyRequest) => {
    try {
      port.postMessage({ type: 'result', id: request.id, verdicts: verdicts(suite, request.checks) } satisfies VerifyReply);
    } catch (error) {
      port.postMessage({ type: 'error', id: request.id, message: error instanceof Error ? error.message : String(error) } satisfies VerifyReply);
    }
  });
  port.postMessage({ type: 'ready', engine } satisfies VerifyReply);
}

const failed = (error: unknown) => port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) } satisfies VerifyReply);

const status = nativeStatus();
if (engine === 'native' && !status.available) failed(`the native engine cannot be used in this worker: ${status.reason}`);
else createCryptoSuite({ poseidon: 'lite' }).then(start, failed);
