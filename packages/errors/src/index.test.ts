import { ZkrError, defineErrors, isZkrError } from '@zkr/errors';

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

describe('typed codes', () => {
  const CODES = ['STALE_ROOT', 'BAD_PROOF'] as const;
  const fail = defineErrors(CODES);

  it('builds errors of the declared codes', () => {
    const error = fail('STALE_ROOT', 'stale', { details: { root: 1 } });
    expect(error).toBeInstanceOf(ZkrError);
    expect(error.code).toBe('STALE_ROOT');
    expect(error.details).toEqual({ root: 1 });
  });

  it('refuses an undeclared code at run time with INTERNAL', () => {
    const untyped = fail as unknown as (code: string, message: string) => ZkrError;
    expect(() => untyped('NOT_DECLARED', 'x')).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
  });

  it('narrows with one code or a list', () => {
    const error: unknown = fail('BAD_PROOF', 'bad');
    expect(isZkrError(error, ['STALE_ROOT', 'BAD_PROOF'])).toBe(true);
    expect(isZkrError(error, ['STALE_ROOT'])).toBe(false);
    if (isZkrError(error, 'BAD_PROOF')) {
      const code: 'BAD_PROOF' = error.code;
      expect(code).toBe('BAD_PROOF');
    }
  });
});
