/** What the fleet benchmark records of real proofs and its simulated workers replay (replay-worker.ts). */
import type { ProvingResult } from '@zkr/fleet';

/** The Redis key holding the replay scale (a decimal number; 1 replays the recorded times, 0 returns at once). */
export const REPLAY_SCALE_KEY = 'zkr-bench:replay-scale';

/** What was recorded for one job: a real proof of its batch and how long the real worker took. */
export interface Recording {
  readonly proof: ProvingResult['proof'];
  readonly publicSignals: readonly string[];
  readonly proveMs: number;
}

/** The recordings file: job id -> recording. */
export interface RecordingsFile {
  readonly version: 1;
  readonly recordings: Readonly<Record<string, Recording>>;
}
