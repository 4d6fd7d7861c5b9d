/**
 * Turning a reverted Rollup call into a ZkrError that names the contract's custom error: the code
 * is the error name without the `Rollup__` prefix in SCREAMING_SNAKE_CASE (`Rollup__StaleRoot` ->
 * `STALE_ROOT`), the message adds what to do next.
 */
import { Interface, isCallException } from 'ethers';
import { ZkrError } from '@zkr/errors';

const HINTS: Readonly<Record<string, string>> = {
  Rollup__InvalidProof: 'the proof does not match the public data the contract rebuilt; prove this exact batch with the circuit of its size and this deployment\'s domain',
  Rollup__StaleRoot: 'another batch moved the root; rebuild the batch on the current root and prove it again',
  Rollup__NoVerifierForLength: 'no verifier is registered for this batch size; register one with setVerifier or build a batch of a registered size',
  Rollup__NotInField: 'roots must be field elements (< r); the batch is malformed',
  Rollup__NotSequencer: 'this account may not submit batches; ask the owner to call setSequencer for it or sign with a sequencer key',
  Rollup__NotOwner: 'only the owner may do this; sign with the owner key',
  Rollup__Paused: 'the rollup is paused; wait for the owner to unpause it',
  Rollup__NotPaused: 'the rollup is not paused',
  Rollup__InvalidBatchSize: 'batch sizes start at 1',
  Rollup__NotAContract: 'the verifier address has no code; deploy the verifier first',
  Rollup__ZeroAddress: 'pass a non-zero address',
};

/** `Rollup__StaleRoot` -> `STALE_ROOT`. */
export function errorCodeOf(errorName: string): string {
  return errorName
    .replace(/^[A-Za-z0-9]+__/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toUpperCase();
}

/** Revert data of an ethers error: on `CALL_EXCEPTION` itself, or nested in the node's JSON-RPC error. */
function revertData(error: unknown): string | undefined {
  const e = error as { data?: unknown; error?: { data?: unknown }; info?: { error?: { data?: unknown } } } | undefined;
  const data = isCallException(error) ? e?.data : (e?.error?.data ?? e?.info?.error?.data);
  return typeof data === 'string' && /^0x([0-9a-fA-F]{2})*$/.test(data) ? data : undefined;
}

/**
 * Rethrows `error` from a call to a contract with interface `iface` as a ZkrError when it is a
 * revert: a custom error of the ABI gets its own code, anything else `TX_REVERTED`. Other errors
 * (network, signer) become `L1_REQUEST_FAILED`.
 */
export function toZkrError(error: unknown, iface: Interface, action: string): ZkrError {
  if (error instanceof ZkrError) return error;
  const data = revertData(error);
  const decoded = data && data !== '0x' ? iface.parseError(data) : null;
  if (decoded) {
    const args = decoded.fragment.inputs.map((input, i) => `${input.name}=${String(decoded.args[i])}`).join(', ');
    return new ZkrError(errorCodeOf(decoded.name), `${action} reverted with ${decoded.name}(${args}): ${HINTS[decoded.name] ?? 'see the Rollup contract'}`, {
      details: { error: decoded.name, args: Object.fromEntries(decoded.fragment.inputs.map((input, i) => [input.name, decoded.args[i]])) },
      cause: error,
    });
  }
  if (isCallException(error)) {
    return new ZkrError('TX_REVERTED', `${action} reverted without a known error (${error.reason ?? data ?? 'no data'})`, { details: { data }, cause: error });
  }
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new ZkrError('L1_REQUEST_FAILED', `${action} failed: ${message}`, { cause: error });
}
