/** The rollup domain (docs/protocol.md §4) and the state hash that binds a root to it (§3). */
import { isAddress, solidityPackedKeccak256 } from 'ethers';
import { stateError } from './errors';
import { assertFieldElement, FIELD_ORDER } from './field';
import type { CryptoSuite } from './suite';

/** The ASCII tag hashed into every domain of protocol version 3. */
export const DOMAIN_TAG = 'zkr-rollup-v3';

/** `uint256(keccak256(abi.encodePacked("zkr-rollup-v3", uint256 chainId, address rollup))) mod r`. */
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
  const hash = solidityPackedKeccak256(['string', 'uint256', 'address'], [DOMAIN_TAG, chainId, rollupAddress]);
  return BigInt(hash) % FIELD_ORDER;
}

/** The state hash `Poseidon([domain, root])` the contract stores (both must be field elements). */
export function stateHashOf(suite: CryptoSuite, domain: bigint, root: bigint): bigint {
  assertFieldElement(domain, 'domain');
  assertFieldElement(root, 'root');
  return suite.poseidon.hash([domain, root]);
}
