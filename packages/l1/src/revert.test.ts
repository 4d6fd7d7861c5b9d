import { AbiCoder, ErrorFragment, Interface, makeError, ZeroAddress } from 'ethers';
import { compileRollup } from './compile';
import { errorCodeOf, toZkrError } from './revert';

let iface: Interface;
beforeAll(() => {
  iface = new Interface(compileRollup().abi as never);
});

test('error codes are the custom error names in SCREAMING_SNAKE_CASE without the contract prefix', () => {
  expect(['Rollup__StaleRoot', 'Rollup__NotAContract', 'Rollup__NoVerifierForLength', 'Rollup__InvalidProof', 'Rollup__Paused'].map(errorCodeOf)).toEqual([
    'STALE_ROOT', 'NOT_A_CONTRACT', 'NO_VERIFIER_FOR_LENGTH', 'INVALID_PROOF', 'PAUSED',
  ]);
});

test('every custom error of the Rollup ABI decodes to its own code with named arguments', () => {
  const errors = iface.fragments.filter((f): f is ErrorFragment => f.type === 'error');
  expect(errors.length).toBe(11);
  const zero = (type: string) => (type === 'address' ? ZeroAddress : 0n);
  const codes = errors.map((f) => {
    const revert = iface.encodeErrorResult(f, f.inputs.map((i) => zero(i.type)));
    const e = toZkrError(makeError('reverted', 'CALL_EXCEPTION', { action: 'call', data: revert, reason: null, transaction: { to: null, data: '0x' }, invocation: null, revert: null }), iface, 'x');
    expect(e.message).not.toContain('see the Rollup contract'); // every error has a hint
    return e.code;
  });
  expect(codes).toEqual(errors.map((f) => errorCodeOf(f.name)));
  expect(new Set(codes).size).toBe(codes.length);
  const data = iface.encodeErrorResult('Rollup__StaleRoot', [5n, 7n]);
  const e = toZkrError(makeError('reverted', 'CALL_EXCEPTION', { action: 'estimateGas', data, reason: null, transaction: { to: null, data: '0x' }, invocation: null, revert: null }), iface, 'Rollup.submitBatch');
  expect([e.code, e.details]).toEqual(['STALE_ROOT', { error: 'Rollup__StaleRoot', args: { expected: 5n, current: 7n } }]);
  expect(e.message).toBe('Rollup.submitBatch reverted with Rollup__StaleRoot(expected=5, current=7): another batch moved the root; rebuild the batch on the current root and prove it again');
});

test('revert data nested in a node error (eth_sendTransaction) is decoded too', () => {
  const data = iface.encodeErrorResult('Rollup__Paused', []);
  const e = toZkrError(makeError('could not coalesce error', 'UNKNOWN_ERROR', { error: { data, message: 'VM Exception' } }), iface, 'Rollup.pause');
  expect(e.code).toBe('PAUSED');
});

test('unknown revert data is TX_REVERTED; a non-revert failure is L1_REQUEST_FAILED', () => {
  const data = `0xdeadbeef${AbiCoder.defaultAbiCoder().encode(['uint256'], [1n]).slice(2)}`;
  const unknown = toZkrError(makeError('reverted', 'CALL_EXCEPTION', { action: 'call', data, reason: null, transaction: { to: null, data: '0x' }, invocation: null, revert: null }), iface, 'x');
  expect(unknown.code).toBe('TX_REVERTED');
  expect(toZkrError(new Error('socket hang up'), iface, 'Rollup.stateRoot()').code).toBe('L1_REQUEST_FAILED');
});
