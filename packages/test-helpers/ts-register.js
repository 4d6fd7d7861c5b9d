'use strict';
/**
 * `node -r <this file> script.ts`: runs a TypeScript script of this repo in a plain child process,
 * as jest does in-process: each `.ts` module is transpiled with the `typescript` devDependency
 * (CommonJS, no type check: tsc checks the sources) and `@zkr/<pkg>` resolves to
 * `packages/<pkg>/src/index.ts`. Used by tests that kill or race real processes.
 */
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const PACKAGES = path.resolve(__dirname, '..');
const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), { fileName: filename, compilerOptions });
  module._compile(outputText, filename);
};

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveWorkspace(request, ...rest) {
  const workspace = /^@zkr\/([a-z0-9-]+)$/.exec(request);
  const source = workspace && path.join(PACKAGES, workspace[1], 'src', 'index.ts');
  return source && fs.existsSync(source) ? source : resolveFilename.call(this, request, ...rest);
};

// Fault injection for crash tests (spawnTs's `killBeforeRename`): SIGKILL this process right
// before its k-th fs.promises.rename, like a power cut in the middle of a commit.
const killAt = Number(process.env.ZKR_TEST_KILL_BEFORE_RENAME ?? '0');
if (killAt > 0) {
  const promises = fs.promises;
  const rename = promises.rename.bind(promises);
  let renames = 0;
  promises.rename = async (from, to) => {
    renames += 1;
    if (renames === killAt) process.kill(process.pid, 'SIGKILL');
    return rename(from, to);
  };
}
