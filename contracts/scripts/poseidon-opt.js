/**
 * Generates, at build time, zkr's own Poseidon hasher contracts for 2 and 4 inputs (t = 3 and
 * t = 5): circomlib's Poseidon over BN254 (docs/protocol.md §2) computed with the optimized
 * algorithm of the Poseidon paper's appendix B (https://eprint.iacr.org/2019/458.pdf): four full
 * rounds, the partial rounds with one S-box and a sparse matrix each (a row of t and a column of
 * t - 1 field elements instead of a t x t product), four full rounds. The constants are
 * circomlibjs's optimized ones (`C`, `S`, `M`, `P` of its `poseidon_constants_opt.json`, the ones
 * its own `poseidon` evaluates), read once and checked for layout at load.
 *
 * The output is a Solidity contract `PoseidonOptT<t>` whose one function,
 * `hash(uint256[N]) pure returns (uint256)`, is inline assembly: the interface of
 * poseidon-solidity's `PoseidonT3` / `PoseidonT5`, so the Rollup can call either (§2, §12, §13).
 * `compilePoseidonOpt` compiles it with the pinned solc-js and the settings of `solc.json` (the
 * version check and settings of `compile.js`'s `standardJsonInput`).
 *
 * Inputs: every input word is reduced modulo r first, so `hash(x) = Poseidon(x mod r)` for any
 * 256-bit words, exactly like poseidon-solidity (`mod(input, F)`) and circomlibjs (`F.e(input)`);
 * the Rollup only passes field elements. Solidity's dispatcher rejects ETH, other selectors and
 * calldata shorter than `4 + 32·N` bytes (a revert with empty data).
 *
 * Gas: words are kept lazily reduced (a sum of up to 5 products below r fits in 256 bits, 5r <
 * 2^256); the generator tracks an exact upper bound of every state word and emits `addmod` only
 * where a plain `add` could overflow. Size (EIP-170, 24,576 bytes): t = 3 unrolls everything with
 * `PUSH32` constants. For t = 5 the constants alone are ~20 KB, so the matrix M (used by seven
 * rounds) and the constants of the first `loopedPartialRounds` partial rounds live in one table
 * that Solidity copies from the code into memory (a `bytes` literal); those rounds run as a loop
 * and the full rounds read M with `mload` (4 bytes of code per use instead of 33).
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/** The BN254 scalar field order r (docs/protocol.md §1). */
const FIELD_ORDER = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
/** EIP-170's limit on deployed (runtime) bytecode. */
const MAX_RUNTIME_BYTES = 24576;
/** Input counts this generator supports: Poseidon(2) (t = 3) and Poseidon(4) (t = 5). */
const POSEIDON_OPT_INPUTS = [2, 4];
/** Full rounds of circomlib's Poseidon (half before, half after the partial rounds). */
const ROUNDS_F = 8;
/** Partial rounds of circomlib's Poseidon per width t (circomlibjs's `N_ROUNDS_P[t - 2]`). */
const ROUNDS_P = { 3: 57, 5: 60 };
/**
 * Code layout per width t: `matrixInMemory` reads M from the memory table, `loopedPartialRounds`
 * partial rounds run as a loop over the table, `unroll` rounds per iteration (the rest are
 * unrolled). t = 5: the cheapest layout measured that fits EIP-170 (24,491 bytes; 40 looped rounds
 * do not fit, and 44-50 rounds with 1-5 per iteration cost 0.1-1.6k gas more per hash).
 */
const LAYOUT = { 3: { matrixInMemory: false, loopedPartialRounds: 0, unroll: 1 }, 5: { matrixInMemory: true, loopedPartialRounds: 48, unroll: 4 } };
/** Where the memory table starts: the first allocation of the function, at Solidity's free memory pointer 0x80. */
const TABLE_POINTER = 0x80;
const WORD = 1n << 256n;

let optConstantsFile;

/** circomlibjs's `poseidon_constants_opt.json` (its `exports` map hides `src/`; found from the package entry). */
function optConstantsJson() {
  if (optConstantsFile === undefined) {
    const file = path.resolve(path.dirname(require.resolve('circomlibjs')), '..', 'src', 'poseidon_constants_opt.json');
    optConstantsFile = JSON.parse(fs.readFileSync(file, 'utf8'));
  }
  return optConstantsFile;
}

/**
 * circomlibjs's optimized constants for width `t` as bigints: `C` (8t + nP round constants),
 * `S` ((2t - 1)·nP sparse-matrix entries), `M`, `P` (t x t, applied as `new_i = sum_j M[j][i]·s_j`).
 * Throws if the file does not have the layout this generator was written against.
 */
function optimizedConstants(t) {
  const json = optConstantsJson();
  const hint = 'check the installed circomlibjs (poseidon-opt.js was written against 0.1.7)';
  const parse = (v) => {
    if (typeof v !== 'string' || !/^0x[0-9a-fA-F]+$/.test(v)) throw new Error(`circomlibjs's poseidon_constants_opt.json: expected a 0x-hex constant, got ${String(v)}; ${hint}`);
    const x = BigInt(v);
    if (x >= FIELD_ORDER) throw new Error(`circomlibjs's poseidon_constants_opt.json: constant ${v} is not below r; ${hint}`);
    return x;
  };
  const nP = ROUNDS_P[t];
  const C = (json.C?.[t - 2] ?? []).map(parse);
  const S = (json.S?.[t - 2] ?? []).map(parse);
  const M = (json.M?.[t - 2] ?? []).map((row) => row.map(parse));
  const P = (json.P?.[t - 2] ?? []).map((row) => row.map(parse));
  const square = (m) => m.length === t && m.every((row) => row.length === t);
  if (C.length !== ROUNDS_F * t + nP || S.length !== (2 * t - 1) * nP || !square(M) || !square(P)) {
    throw new Error(`circomlibjs's poseidon_constants_opt.json has an unexpected layout for t = ${t} (C ${C.length}, S ${S.length}); ${hint}`);
  }
  // Every sparse matrix has M[0][0] at its top left: one literal serves all partial rounds.
  for (let r = 0; r < nP; r++) {
    if (S[(2 * t - 1) * r] !== M[0][0]) throw new Error(`circomlibjs's poseidon_constants_opt.json: S[${(2 * t - 1) * r}] is not M[0][0]; ${hint}`);
  }
  return { C, S, M, P, nP };
}

const hex = (x) => `0x${x.toString(16).padStart(64, '0')}`;
const mod = (x) => ((x % FIELD_ORDER) + FIELD_ORDER) % FIELD_ORDER;
/** x^5 mod r. */
const pow5 = (x) => mod(x * mod(mod(x * x) * mod(x * x)));
/** A Yul left fold `add(add(a, b), c)` of `terms`. */
const sum = (terms) => terms.reduce((acc, term) => `add(${acc}, ${term})`);

/** A Yul block raising `v` to the fifth power modulo F (any 256-bit input; the result is below r). */
function sbox(v) {
  return `{ let q := mulmod(${v}, ${v}, F) ${v} := mulmod(mulmod(q, q, F), ${v}, F) }`;
}

/** A Yul block raising `v` to the fifth power modulo F and adding the constant `c` (below r + c). */
function sboxAdd(v, c) {
  return `{ let q := mulmod(${v}, ${v}, F) ${v} := add(mulmod(mulmod(q, q, F), ${v}, F), ${hex(c)}) }`;
}

/**
 * The Solidity source of the hasher of `inputs` (2 or 4) inputs: contract `PoseidonOptT<t>` with
 * the one function `hash(uint256[inputs]) pure returns (uint256)`, its body inline assembly.
 */
function poseidonOptSource(inputs) {
  if (!POSEIDON_OPT_INPUTS.includes(inputs)) throw new RangeError(`poseidon-opt generates hashers of ${POSEIDON_OPT_INPUTS.join(' or ')} inputs, got ${inputs}`);
  const t = inputs + 1;
  const { C, S, M, P, nP } = optimizedConstants(t);
  const { matrixInMemory, loopedPartialRounds: looped, unroll } = LAYOUT[t];
  if (looped % unroll !== 0) throw new Error(`poseidon-opt: LAYOUT[${t}].loopedPartialRounds must be a multiple of its unroll (generator bug)`);
  const ids = [...Array(t).keys()];
  const tail = ids.slice(1);
  const s = ids.map((i) => `s${i}`);
  // bound[i]: every value state word i can hold is below it (exact bookkeeping, checked at the end).
  const bound = ids.map(() => FIELD_ORDER);
  const lines = [];
  const emit = (...ls) => lines.push(...ls.map((l) => `      ${l}`));

  // The memory table: M (word j·t + i is M[j][i]) if matrixInMemory, then per looped partial round
  // its constant, its row entries 1..t-1 and its column entries 1..t-1.
  const table = [];
  const matrixBase = TABLE_POINTER + 32;
  if (matrixInMemory) for (const j of ids) for (const i of ids) table.push(M[j][i]);
  const loopBase = TABLE_POINTER + 32 + 32 * table.length;
  const m = (j, i) => (matrixInMemory ? `mload(${matrixBase + 32 * (j * t + i)})` : hex(M[j][i]));

  /** Word i of the product of the matrix `entry(j, i)` with the state words: a sum of t words below r. */
  const product = (entry, i) => sum(ids.map((j) => `mulmod(${s[j]}, ${entry(j, i)}, F)`));
  /**
   * The matrix `entry` applied to the state words in place (t - 1 temporaries, the last word last).
   * With `folded(i)`, word 0 is a constant whose products are `folded(i)` (it is not read).
   */
  function applyMatrix(entry, folded) {
    const word = (i) => (folded ? sum([hex(folded(i)), ...tail.map((j) => `mulmod(${s[j]}, ${entry(j, i)}, F)`)]) : product(entry, i));
    const n = ids.slice(0, t - 1).map((i) => `n${i}`);
    for (const i of ids.slice(0, t - 1)) emit(`  let ${n[i]} := ${word(i)}`);
    emit(`  ${s[t - 1]} := ${word(t - 1)}`, `  ${ids.slice(0, t - 1).map((i) => `${s[i]} := ${n[i]}`).join(' ')}`);
    ids.forEach((i) => (bound[i] = BigInt(t) * FIELD_ORDER));
  }

  // Full round 0 on the state (C[0], inputs + C[1..]) (circomlib's initial state word is 0): word 0
  // is a constant, so its S-box and round constant fold into k, and k·M[0][i] into row i's sum.
  const k = mod(pow5(C[0]) + C[t]);
  emit('// full round 0: word 0 is the constant C[0], folded into the row sums', '{');
  for (const i of tail) emit(`  ${s[i]} := addmod(calldataload(${4 + 32 * (i - 1)}), ${hex(C[i])}, F)`, `  ${sboxAdd(s[i], C[t + i])}`);
  applyMatrix(m, (i) => mod(k * M[0][i]));
  emit('}');
  for (let r = 1; r < ROUNDS_F / 2; r++) {
    const last = r === ROUNDS_F / 2 - 1;
    emit(`// full round ${r}${last ? ' (matrix P: into the sparse form)' : ''}`, '{');
    for (const i of ids) emit(`  ${sboxAdd(s[i], C[(r + 1) * t + i])}`);
    applyMatrix(last ? (j, i) => hex(P[j][i]) : m);
    emit('}');
  }

  // Partial round r: S-box on word 0 and its constant, then the sparse matrix: word 0 becomes the
  // row S[r][0..t-1]·state (S[r][0] = M[0][0]), word i >= 1 gains S[r][t + i - 1]·(word 0).
  /** `s_i := s_i + term` (term below r): an add if no overflow is possible and `reduce` is false, else an addmod. */
  function columnUpdate(i, term, reduce) {
    if (!reduce && bound[i] + FIELD_ORDER <= WORD) {
      bound[i] += FIELD_ORDER;
      return `${s[i]} := add(${s[i]}, ${term})`;
    }
    bound[i] = FIELD_ORDER;
    return `${s[i]} := addmod(${s[i]}, ${term}, F)`;
  }
  const cP = (r) => C[(ROUNDS_F / 2 + 1) * t + r];
  const row = (r, j) => S[(2 * t - 1) * r + j];
  const column = (r, i) => S[(2 * t - 1) * r + t + i - 1];
  if (looped > 0) {
    for (let r = 0; r < looped; r++) table.push(cP(r), ...tail.map((j) => row(r, j)), ...tail.map((i) => column(r, i)));
    const stride = 32 * (2 * t - 1);
    const at = (u, w) => (u === 0 && w === 0 ? 'mload(p)' : `mload(add(p, ${u * stride + 32 * w}))`);
    emit(`// partial rounds 0..${looped - 1}: a loop over their constants in the memory table, ${unroll} rounds per iteration`);
    emit(tail.map((i) => `${s[i]} := mod(${s[i]}, F)`).join(' '));
    emit(`for { let p := ${loopBase} } lt(p, ${loopBase + stride * looped}) { p := add(p, ${stride * unroll}) } {`);
    // Words 1.. are below r at the top of every iteration (reduced before the loop): each gains a plain
    // add while that cannot overflow, and an addmod in the iteration's last round (restoring it).
    tail.forEach((i) => (bound[i] = FIELD_ORDER));
    for (let u = 0; u < unroll; u++) {
      emit(`  let x${u} := mulmod(s0, s0, F) x${u} := add(mulmod(mulmod(x${u}, x${u}, F), s0, F), ${at(u, 0)})`);
      emit(`  s0 := ${sum([`mulmod(x${u}, ${hex(M[0][0])}, F)`, ...tail.map((j) => `mulmod(${s[j]}, ${at(u, j)}, F)`)])}`);
      for (const i of tail) emit(`  ${columnUpdate(i, `mulmod(x${u}, ${at(u, t - 1 + i)}, F)`, u === unroll - 1)}`);
    }
    emit('}');
    bound[0] = BigInt(t) * FIELD_ORDER;
    tail.forEach((i) => (bound[i] = FIELD_ORDER));
  }
  emit(`// partial rounds ${looped}..${nP - 1}, unrolled`);
  for (let r = looped; r < nP; r++) {
    const updates = tail.map((i) => columnUpdate(i, `mulmod(x, ${hex(column(r, i))}, F)`, false));
    emit(`{ // partial round ${r}`);
    emit(`  let x := mulmod(s0, s0, F) x := add(mulmod(mulmod(x, x, F), s0, F), ${hex(cP(r))})`);
    emit(`  s0 := ${sum([`mulmod(x, ${hex(M[0][0])}, F)`, ...tail.map((j) => `mulmod(${s[j]}, ${hex(row(r, j))}, F)`)])}`);
    emit(...updates.map((u) => `  ${u}`), '}');
    bound[0] = BigInt(t) * FIELD_ORDER;
  }

  const second = (ROUNDS_F / 2 + 1) * t + nP;
  for (let r = 0; r < ROUNDS_F / 2 - 1; r++) {
    emit(`// full round ${ROUNDS_F / 2 + r}`, '{');
    for (const i of ids) emit(`  ${sboxAdd(s[i], C[second + r * t + i])}`);
    applyMatrix(m);
    emit('}');
  }
  // The last full round has no round constants, and only word 0 of its product is the output.
  emit(`// full round ${ROUNDS_F - 1}: no round constants; the output is word 0 of the product`);
  for (const i of ids) emit(sbox(s[i]));
  emit(`mstore(0, mod(${product(m, 0)}, F))`, 'return(0, 32)');
  if (bound.some((b) => b > WORD)) throw new Error('poseidon-opt: a state word could exceed 2^256 (generator bug)');

  const body = [];
  if (table.length > 0) {
    body.push(
      `    // The memory table (${table.length} words): ${matrixInMemory ? 'M, then ' : ''}the constants of the looped partial rounds.`,
      `    bytes memory table = hex"${table.map((x) => hex(x).slice(2)).join('')}";`,
      '    assembly ("memory-safe") {',
      `      // The table is the function's first allocation; its absolute addresses are compiled in.`,
      `      if iszero(eq(table, ${TABLE_POINTER})) { revert(0, 0) }`,
    );
  } else {
    body.push('    assembly ("memory-safe") {');
  }
  return [
    '// Generated by contracts/scripts/poseidon-opt.js from circomlibjs\'s optimized Poseidon constants: do not edit.',
    '// SPDX-License-Identifier: MIT',
    'pragma solidity 0.8.30;',
    '',
    `/// @title circomlib's Poseidon of ${inputs} field elements (t = ${t}) with sparse partial rounds (docs/protocol.md §2)`,
    `/// @notice The interface of poseidon-solidity's PoseidonT${t}; inputs are reduced modulo r first, as there and in circomlibjs.`,
    `contract PoseidonOptT${t} {`,
    `  /// @notice Poseidon of the ${inputs} inputs, each reduced modulo r.`,
    `  function hash(uint256[${inputs}] calldata) external pure returns (uint256) {`,
    ...body,
    '      // F = r in a stack slot: were it a literal, solc\'s constant optimizer would re-create each of',
    '      // its hundreds of uses with a codecopy (its cost model charges code size per copy). The or()',
    '      // is opaque to the optimizer and changes nothing: calldata is never 2^255 bytes long.',
    `      let F := or(${hex(FIELD_ORDER)}, shr(255, calldatasize()))`,
    `      let ${s.join(', ')}`,
    ...lines,
    '    }',
    '  }',
    '}',
    '',
  ].join('\n');
}

/**
 * Compiles the generated hasher of `inputs` inputs with the pinned solc-js and the settings of
 * `solc.json`: `{ abi, bytecode, deployedBytes }` (ABI from solc; `deployedBytes` is the runtime
 * code's size). Throws with solc's messages on an error, and if the runtime code exceeds EIP-170.
 */
function compilePoseidonOpt(inputs) {
  const { standardJsonInput } = require('./compile');
  const solc = require('solc');
  const { version, settings } = standardJsonInput();
  if (!solc.version().startsWith(`${version}+`)) {
    throw new Error(`solc-js ${solc.version()} is installed but contracts/solc.json pins ${version}; run \`npm install\``);
  }
  const name = `PoseidonOptT${inputs + 1}`;
  const file = `${name}.sol`;
  const input = {
    language: 'Solidity',
    sources: { [file]: { content: poseidonOptSource(inputs) } },
    settings: { ...settings, outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } } },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input)));
  const errors = (output.errors || []).filter((e) => e.severity === 'error');
  if (errors.length > 0) throw new Error(`solc rejected the generated Poseidon(${inputs}) hasher:\n${errors.map((e) => e.formattedMessage).join('\n')}`);
  const compiled = output.contracts[file][name];
  const deployedBytes = compiled.evm.deployedBytecode.object.length / 2;
  if (deployedBytes > MAX_RUNTIME_BYTES) {
    throw new Error(`the generated Poseidon(${inputs}) hasher is ${deployedBytes} bytes, above EIP-170's ${MAX_RUNTIME_BYTES}; raise LAYOUT[${inputs + 1}].loopedPartialRounds in poseidon-opt.js`);
  }
  return { abi: compiled.abi, bytecode: `0x${compiled.evm.bytecode.object}`, deployedBytes };
}

module.exports = { FIELD_ORDER, MAX_RUNTIME_BYTES, POSEIDON_OPT_INPUTS, poseidonOptSource, compilePoseidonOpt };
