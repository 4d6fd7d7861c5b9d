import { ZkrError, isZkrError } from '@zkr/errors';

describe('ZkrError', () => {
  it('carries code, details and cause', () => {
    const cause = new Error('disk full');
    const error = new ZkrError('WRITE_FAILED', 'could not write state.json; free some disk space', {
      details: { path: 'state.json' },
      cause,
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ZkrError');
    expect(error.code).toBe('WRITE_FAILED');
    expect(error.details).toEqual({ path: 'state.json' });
    expect(error.cause).toBe(cause);
  });

  it('is recognised by isZkrError, with and without a code', () => {
    const error = new ZkrError('STALE_ROOT', 'stale root');
    expect(isZkrError(error)).toBe(true);
    expect(isZkrError(error, 'STALE_ROOT')).toBe(true);
    expect(isZkrError(error, 'OTHER')).toBe(false);
    expect(isZkrError(new Error('x'))).toBe(false);
    expect(isZkrError('STALE_ROOT')).toBe(false);
  });
});
