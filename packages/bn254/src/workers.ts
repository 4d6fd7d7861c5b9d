/**
 * Starts worker threads (and child processes) written as ordinary TypeScript modules (`<name>.ts`
 * next to the code that uses them). From a build, `<dir>/<name>.js` exists and runs as is. Under
 * ts-jest (sources only; a worker or child does not go through jest's transform) the module is
 * `<dir>/<name>.ts`: a small
 * bootstrap registers a `.ts` loader in the worker that transpiles each module with the
 * `typescript` devDependency (`transpileModule`, CommonJS, no type check: tsc checks the sources)
 * and resolves `@zkr/<pkg>` to `packages/<pkg>/src/index.ts`, as jest's moduleNameMapper does.
 * Pools must end their workers with `terminate()` so processes exit.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { bn254Error } from './errors';

/** Options passed on to the worker (`eval` is managed here). */
export type LaunchOptions = Omit<WorkerOptions, 'eval'>;

/** The workspace `packages/` directory when running from sources (this file is `packages/bn254/src/workers.ts`). */
const PACKAGES_DIR = resolve(__dirname, '..', '..');

function bootstrap(entry: string): string {
  const config = JSON.stringify({ entry, packages: PACKAGES_DIR, typescript: require.resolve('typescript') });
  return `'use strict';
const config = ${config};
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');
const ts = require(config.typescript);
const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), { fileName: filename, compilerOptions });
  module._compile(outputText, filename);
};
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const workspace = /^@zkr\\/([a-z0-9-]+)$/.exec(request);
  const source = workspace && path.join(config.packages, workspace[1], 'src', 'index.ts');
  return source && fs.existsSync(source) ? source : resolveFilename.call(this, request, ...rest);
};
require(config.entry);
`;
}

/** Module `<dir>/<name>`: its build `<name>.js`, or the bootstrap that transpiles `<name>.ts`; `WORKER_FAILED` when neither exists. */
function resolveModule(dir: string, name: string): { readonly file: string } | { readonly source: string } {
  const compiled = join(dir, `${name}.js`);
  if (existsSync(compiled)) return { file: compiled };
  const source = join(dir, `${name}.ts`);
  if (!existsSync(source)) {
    throw bn254Error('WORKER_FAILED', `worker ${name} not found in ${dir} (neither ${name}.js nor ${name}.ts); rebuild the package`, { details: { dir, name } });
  }
  return { source: bootstrap(source) };
}

/** Starts worker `<dir>/<name>.js`, or transpiles `<dir>/<name>.ts` on the fly; `WORKER_FAILED` when neither exists. */
export function launchWorker(dir: string, name: string, options: LaunchOptions = {}): Worker {
  const module = resolveModule(dir, name);
  return 'file' in module ? new Worker(module.file, options) : new Worker(module.source, { ...options, eval: true });
}

/**
 * The `node` arguments that run module `<dir>/<name>` as a child process, resolved like
 * {@link launchWorker}: `[<name>.js]` from a build, `['-e', bootstrap]` from sources.
 */
export function childProcessArgs(dir: string, name: string): string[] {
  const module = resolveModule(dir, name);
  return 'file' in module ? [module.file] : ['-e', module.source];
}
