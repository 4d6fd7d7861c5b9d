import { isZkrError } from '@zkr/errors';
import { computeDomain } from './domain';
import { assertDepth, assertFieldElement, assertIndex, assertValue } from './field';
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
      'INVALID_ARGUMENT', 'DUPLICATE_ACCOUNT', 'UNKNOWN_FEE_RECIPIENT', 'INVALID_PUBLIC_DATA', 'FILE_MISSING', 'FILE_UNWRITABLE', 'INVALID_JSON', 'INVALID_FILE',
      'BATCH_INCONSISTENT', 'BATCH_TOO_LARGE',
    ]);
  });

  it('the range helpers throw INVALID_ARGUMENT naming the parameter, at both sides of each bound', () => {
    const invalid = (field: string) => ({ code: 'INVALID_ARGUMENT', field });
    expect(failure(() => assertDepth(0))).toEqual(invalid('depth'));
    expect(failure(() => assertDepth(33))).toEqual(invalid('depth'));
    expect(failure(() => [assertDepth(1), assertDepth(32)])).toBe('no error');
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
