/** The rollup domain (docs/protocol.md §4). */
import { isAddress, solidityPackedKeccak256 } from 'ethers';
import { stateError } from './errors';
import { FIELD_ORDER } from './field';

/** `uint256(keccak256(abi.encodePacked("zkr-rollup-v1", uint256 chainId, address rollup))) mod r`. */
export function computeDomain(chainId: bigint, rollupAddress: string): bigint {
  if (typeof chainId !== 'bigint' || chainId < 0n || chainId >= 1n << 256n) {
    throw stateError('INVALID_ARGUMENT', `chainId must be a bigint in [0, 2^256), got ${String(chainId)}`, {
      details: { field: 'chainId', value: chainId },
    });
  }
  if (typeof rollupAddress !== 'string' || !isAddress(rollupAddress)) {
    throw stateError('INVALID_ARGUMENT', `rollupAddress must be a 20-byte 0x-hex address, got ${String(rollupAddress)}`, {
      details: { field: 'rollupAddress', value: rollupAddress },
    });
  }
  const hash = solidityPackedKeccak256(['string', 'uint256', 'address'], ['zkr-rollup-v1', chainId, rollupAddress]);
  return BigInt(hash) % FIELD_ORDER;
}
