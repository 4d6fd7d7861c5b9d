#!/usr/bin/env node
/**
 * The package's install step: builds the native addon (build/Release/zkr_native.node) with node-gyp
 * against the headers of the Node that runs this script (`--nodedir`, never a download). Whenever
 * the build is impossible (ZKR_NATIVE=0, another platform, no compiler or headers, node-gyp
 * missing or failing) it prints one line, keeps node-gyp's output in build/native-build.log and
 * exits 0: zkr then runs on its wasm engine.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, writeFileSync } = require('node:fs');
const { dirname, join, resolve } = require('node:path');

const PACKAGE_DIR = resolve(__dirname, '..');
const LOG = join(PACKAGE_DIR, 'build', 'native-build.log');
/** 64-bit little-endian targets the C++ sources are written for. */
const SUPPORTED_ARCHS = ['x64', 'arm64'];

/** The Node install prefix holding include/node/node_api.h, or undefined. */
function nodeDir() {
  const prefix = resolve(dirname(process.execPath), '..');
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? prefix : undefined;
}

/** node-gyp's entry script: the one npm runs lifecycle scripts with, else npm's bundled copy, else an installed one. */
function nodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  try {
    candidates.push(require.resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    // not installed as a package: the candidates above are enough
  }
  return candidates.find((file) => file !== undefined && file !== '' && existsSync(file));
}

/** Why the addon cannot be built here, or undefined when it can be attempted. */
function obstacle() {
  if (process.env.ZKR_NATIVE === '0') return 'ZKR_NATIVE=0';
  if (!SUPPORTED_ARCHS.includes(process.arch)) return `unsupported architecture ${process.arch}`;
  if (!nodeDir()) return `no Node headers under ${resolve(dirname(process.execPath), '..', 'include', 'node')}`;
  if (!nodeGyp()) return 'node-gyp not found';
  return undefined;
}

function fallback(reason) {
  console.log(`@zkr/native: native engine not built (${reason}); zkr will use the wasm engine`);
  process.exit(0);
}

function main() {
  const reason = obstacle();
  if (reason) return fallback(reason);
  const run = spawnSync(process.execPath, [nodeGyp(), 'rebuild', `--nodedir=${nodeDir()}`, '--release'], {
    cwd: PACKAGE_DIR,
    encoding: 'utf8',
    timeout: 10 * 60 * 1000,
  });
  mkdirSync(dirname(LOG), { recursive: true });
  writeFileSync(LOG, `${run.stdout ?? ''}${run.stderr ?? ''}${run.error ? `\n${run.error.stack}\n` : ''}`);
  if (run.status !== 0) return fallback(`node-gyp failed, see ${LOG}`);
  console.log('@zkr/native: native engine built');
}

main();
