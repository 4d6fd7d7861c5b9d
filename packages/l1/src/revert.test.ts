import { AbiCoder, type ErrorFragment, Interface, makeError, ZeroAddress } from 'ethers';
import { Groth16Verifier, Rollup } from '@zkr/contracts';
import { CONTRACT_ERRORS } from './contract-errors';
import { L1_ERROR_CODES } from './errors';
import { toZkrError } from './revert';

const rollup = new Interface(Rollup.abi);
const verifier = new Interface(Groth16Verifier.abi);
const errorsOf = (iface: Interface) => iface.fragments.filter((f): f is ErrorFragment => f.type === 'error');
const callException = (data: string, action: 'call' | 'estimateGas' = 'call') =>
  makeError('reverted', 'CALL_EXCEPTION', { action, data, reason: null, transaction: { to: null, data: '0x' }, invocation: null, revert: null });

test('the declared contract errors are exactly the custom errors of the shipped ABIs, each with a distinct declared code', () => {
  const names = [...errorsOf(rollup), ...errorsOf(verifier)].map((f) => f.name);
  expect(names.sort()).toEqual(Object.keys(CONTRACT_ERRORS).sort());
  const codes = Object.values(CONTRACT_ERRORS).map((e) => e.code);
  expect(new Set(codes).size).toBe(codes.length);
  for (const code of codes) expect(L1_ERROR_CODES).toContain(code);
});

test('every custom error decodes to its code with named arguments and its hint', () => {
  const zero = (type: string) => (type === 'address' ? ZeroAddress : 0n);
  for (const [iface, fragments] of [[rollup, errorsOf(rollup)], [verifier, errorsOf(verifier)]] as const) {
    for (const f of fragments) {
      const e = toZkrError(callException(iface.encodeErrorResult(f, f.inputs.map((i) => zero(i.type)))), 'x');
      const declared = CONTRACT_ERRORS[f.name as keyof typeof CONTRACT_ERRORS];
      expect([e.code, e.message]).toEqual([declared.code, expect.stringContaining(declared.hint)]);
    }
  }
  const e = toZkrError(callException(rollup.encodeErrorResult('Rollup__WrongBatchNumber', [5n, 7n]), 'estimateGas'), 'Rollup.submitBatch');
  expect([e.code, e.details]).toEqual(['WRONG_BATCH_NUMBER', { error: 'Rollup__WrongBatchNumber', args: { expected: 5n, given: 7n } }]);
  expect(e.message).toBe(
    'Rollup.submitBatch reverted with Rollup__WrongBatchNumber(expected=5, given=7): the rollup expects another batch number (a batch is accepted once, in order); rebuild the batch on the state the rollup holds and prove it again',
  );
});

test('revert data nested in a node error (eth_sendTransaction) is decoded too', () => {
  const data = rollup.encodeErrorResult('Rollup__Paused', []);
  expect(toZkrError(makeError('could not coalesce error', 'UNKNOWN_ERROR', { error: { data, message: 'VM Exception' } }), 'Rollup.pause').code).toBe('PAUSED');
});

test('unknown revert data is TX_REVERTED; a non-revert failure is L1_REQUEST_FAILED; a ZkrError passes through', () => {
  const data = `0xdeadbeef${AbiCoder.defaultAbiCoder().encode(['uint256'], [1n]).slice(2)}`;
  expect(toZkrError(callException(data), 'x').code).toBe('TX_REVERTED');
  expect(toZkrError(new Error('socket hang up'), 'Rollup.stateHash()').code).toBe('L1_REQUEST_FAILED');
  const original = toZkrError(callException(data), 'x');
  expect(toZkrError(original, 'y')).toBe(original);
});
