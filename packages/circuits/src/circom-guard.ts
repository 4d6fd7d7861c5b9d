/**
 * The child process `runCircom` starts (with an IPC channel to zkr) so that circom2 dies with zkr.
 *
 * circom2 is a WASI program that blocks its event loop for the whole compile, so it cannot watch
 * its parent itself, and Node has no `prctl(PR_SET_PDEATHSIG)`. This guard runs circom2 in its own
 * child and keeps its event loop free: when zkr ends for any reason, even kill -9, the kernel
 * closes the IPC channel, `disconnect` fires here, and the guard SIGKILLs circom2 and exits.
 * zkr sends one message, `{ cli, args }`; circom2 inherits the guard's cwd, env, stdout and stderr.
 */
import { spawn } from 'node:child_process';

/** The one message of zkr to the guard: the circom2 entry point and its arguments. */
export interface CircomGuardRequest {
  readonly cli: string;
  readonly args: readonly string[];
}

process.once('message', (request: CircomGuardRequest) => {
  const circom = spawn(process.execPath, [request.cli, ...request.args], { stdio: ['ignore', 'inherit', 'inherit'] });
  process.once('disconnect', () => circom.kill('SIGKILL'));
  circom.on('error', (error) => {
    process.stderr.write(`cannot start circom2: ${error.message}\n`);
    process.exit(1);
  });
  circom.on('exit', (code, signal) => {
    if (signal !== null) process.stderr.write(`circom2 was killed by ${signal}\n`);
    process.exitCode = code ?? 1;
    if (process.connected) process.disconnect();
  });
});
