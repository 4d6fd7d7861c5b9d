import { isZkrError } from '@zkr/errors';
import { computeDomain } from './domain';
import { assertDepth, assertFieldElement, assertIndex, assertL1Address, assertOwner, assertPositions, assertValue } from './field';
import { STATE_ERROR_CODES } from './index';
import { createPoseidon } from './poseidon';

/** The code and offending field of what `run` throws. */
function failure(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return isZkrError(error, STATE_ERROR_CODES) ? { code: error.code, field: error.details.field } : error;
  }
  return 'no error';
}

describe('@zkr/state errors', () => {
  it('exports its code list from the index', () => {
    expect(STATE_ERROR_CODES).toEqual([
      'INVALID_ARGUMENT', 'DUPLICATE_ACCOUNT', 'UNKNOWN_FEE_RECIPIENT', 'INVALID_BATCH_DATA', 'AMOUNT_NOT_REPRESENTABLE', 'FEE_NOT_REPRESENTABLE',
      'FILE_MISSING', 'FILE_UNWRITABLE', 'INVALID_JSON', 'INVALID_FILE', 'UNSUPPORTED_VERSION', 'BATCH_INCONSISTENT', 'BATCH_TOO_LARGE',
      'QUEUE_MISMATCH', 'DATA_MISMATCH', 'INVALID_TREE',
    ]);
  });

  it('the range helpers throw INVALID_ARGUMENT naming the parameter, at both sides of each bound', () => {
    const invalid = (field: string) => ({ code: 'INVALID_ARGUMENT', field });
    expect(failure(() => assertDepth(0))).toEqual(invalid('depth'));
    expect(failure(() => assertDepth(1))).toEqual(invalid('depth'));
    expect(failure(() => assertDepth(31))).toEqual(invalid('depth'));
    expect(failure(() => assertDepth(33))).toEqual(invalid('depth'));
    expect(failure(() => assertDepth(34))).toEqual(invalid('depth'));
    expect(failure(() => [assertDepth(2), assertDepth(8), assertDepth(32)])).toBe('no error');
    expect(() => assertDepth(7)).toThrow('depth must be an even integer 2 <= depth <= 32 (the arity-4 tree has depth/2 levels; use 8, 16, 24 or 32), got 7');
    expect(failure(() => assertOwner(1n << 160n, 'owner'))).toEqual(invalid('owner'));
    expect(failure(() => assertOwner(-1n, 'owner'))).toEqual(invalid('owner'));
    expect(failure(() => [assertOwner(0n, 'owner'), assertOwner((1n << 160n) - 1n, 'owner')])).toBe('no error');
    expect(failure(() => assertL1Address(0n, 'address'))).toEqual(invalid('address'));
    expect(failure(() => assertL1Address(1n << 160n, 'address'))).toEqual(invalid('address'));
    expect(failure(() => [assertL1Address(1n, 'address'), assertL1Address((1n << 160n) - 1n, 'address')])).toBe('no error');
    expect(failure(() => assertPositions(0, 'queuePositions'))).toEqual(invalid('queuePositions'));
    expect(failure(() => assertPositions(65, 'withdrawalPositions'))).toEqual(invalid('withdrawalPositions'));
    expect(failure(() => [assertPositions(1, 'queuePositions'), assertPositions(64, 'queuePositions')])).toBe('no error');
    expect(failure(() => assertValue(1n << 64n, 'amount'))).toEqual(invalid('amount'));
    expect(failure(() => assertValue(-1n, 'fee'))).toEqual(invalid('fee'));
    expect(failure(() => assertValue(5 as unknown as bigint, 'fee'))).toEqual(invalid('fee'));
    expect(failure(() => assertIndex(16, 4, 'to'))).toEqual(invalid('to'));
    expect(failure(() => assertIndex(1.5, 4, 'to'))).toEqual(invalid('to'));
    expect(failure(() => assertFieldElement(-1n, 'x'))).toEqual(invalid('x'));
  });

  it('domain and Poseidon inputs are checked the same way', async () => {
    expect(failure(() => computeDomain(-1n, `0x${'11'.repeat(20)}`))).toEqual({ code: 'INVALID_ARGUMENT', field: 'chainId' });
    expect(failure(() => computeDomain(1n, '0x1234'))).toEqual({ code: 'INVALID_ARGUMENT', field: 'rollupAddress' });
    const poseidon = await createPoseidon('lite');
    expect(failure(() => poseidon.hash([]))).toEqual({ code: 'INVALID_ARGUMENT', field: 'inputs' });
    await expect(createPoseidon('other' as 'lite')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'implementation' } });
  });
});
