/**
 * A signature-check worker of {@link createSignatureChecker}: builds its own crypto suite and
 * answers each batch of checks with `suite.eddsa.verify`'s verdicts (bigints travel as hex). Its
 * Poseidon is poseidon-lite (the same function): circomlibjs's wasm build starts ffjavascript's
 * thread manager, which cannot run inside a worker thread.
 */
import { parentPort } from 'node:worker_threads';
import { createCryptoSuite, type CryptoSuite } from '@zkr/state';

/** One check as it travels: message, R8x, R8y, S, Ax, Ay as hex strings. */
export type WireCheck = readonly [string, string, string, string, string, string];

/** A batch of checks to a worker. */
export interface VerifyRequest {
  readonly id: number;
  readonly checks: readonly WireCheck[];
}

/** A worker's answer: one verdict per check, or an error. */
export type VerifyReply = { readonly type: 'ready' } | { readonly type: 'result'; readonly id: number; readonly verdicts: readonly boolean[] } | { readonly type: 'error'; readonly id?: number; readonly message: string };

const port = parentPort!;
let suite: CryptoSuite | undefined;

function verdict(check: WireCheck): boolean {
  const [m, rx, ry, s, ax, ay] = check.map((h) => BigInt(h));
  return suite!.eddsa.verify(m, { R8x: rx, R8y: ry, S: s }, [ax, ay]);
}

createCryptoSuite({ poseidon: 'lite' }).then(
  (created) => {
    suite = created;
    port.on('message', (request: VerifyRequest) => {
      try {
        port.postMessage({ type: 'result', id: request.id, verdicts: request.checks.map(verdict) } satisfies VerifyReply);
      } catch (error) {
        port.postMessage({ type: 'error', id: request.id, message: error instanceof Error ? error.message : String(error) } satisfies VerifyReply);
      }
    });
    port.postMessage({ type: 'ready' } satisfies VerifyReply);
  },
  (error: unknown) => port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) } satisfies VerifyReply),
);
