/** @zkr/cli: the `zkr` command line, also callable in-process (`run` throws, `main` returns an exit code). */
export { run, main, buildProgram, EXIT_USAGE, type CommandGroup } from './main';
export { CLI_ERROR_CODES, type CliErrorCode } from './errors';
export type { CliIo } from './cli';
