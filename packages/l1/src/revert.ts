/**
 * Turning a failed contract call into a `ZkrError`: a custom error listed in `CONTRACT_ERRORS` gets
 * its code and hint, any other revert is `TX_REVERTED`, anything else (network, signer)
 * `L1_REQUEST_FAILED`.
 */
import { Interface, isCallException } from 'ethers';
import { Groth16Verifier, Rollup } from '@zkr/contracts';
import { isZkrError, type ZkrError } from '@zkr/errors';
import { CONTRACT_ERRORS, isContractErrorName } from './contract-errors';
import { l1Error } from './errors';

/** The custom errors of every shipped contract, so a revert decodes whichever contract raised it. */
const CONTRACT_ERROR_ABI = new Interface([...Rollup.abi, ...Groth16Verifier.abi].filter((f) => f.type === 'error'));

/** Revert data of an ethers error: on `CALL_EXCEPTION` itself, or nested in the node's JSON-RPC error. */
function revertData(error: unknown): string | undefined {
  const e = error as { data?: unknown; error?: { data?: unknown }; info?: { error?: { data?: unknown } } } | undefined;
  const data = isCallException(error) ? e?.data : (e?.error?.data ?? e?.info?.error?.data);
  return typeof data === 'string' && /^0x([0-9a-fA-F]{2})*$/.test(data) ? data : undefined;
}

/** `error`, thrown while doing `action` (e.g. `Rollup.submitBatch`), as a ZkrError (a ZkrError is returned as is). */
export function toZkrError(error: unknown, action: string): ZkrError {
  if (isZkrError(error)) return error;
  const data = revertData(error);
  const decoded = data && data !== '0x' ? CONTRACT_ERROR_ABI.parseError(data) : null;
  if (decoded && isContractErrorName(decoded.name)) {
    const { code, hint } = CONTRACT_ERRORS[decoded.name];
    const args = decoded.fragment.inputs.map((input, i) => `${input.name}=${String(decoded.args[i])}`).join(', ');
    return l1Error(code, `${action} reverted with ${decoded.name}(${args}): ${hint}`, {
      details: { error: decoded.name, args: Object.fromEntries(decoded.fragment.inputs.map((input, i) => [input.name, decoded.args[i]])) },
      cause: error,
    });
  }
  if (decoded || isCallException(error)) {
    const reason = decoded ? decoded.signature : ((error as { reason?: string | null }).reason ?? data ?? 'no data');
    return l1Error('TX_REVERTED', `${action} reverted without a known error (${reason})`, { details: { data }, cause: error });
  }
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return l1Error('L1_REQUEST_FAILED', `${action} failed: ${message}`, { cause: error });
}
