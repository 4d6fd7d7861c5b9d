/** Robust summaries of repeated measurements: benchmarks report medians and ranges, never one sample. */
import { benchError } from './errors';

/** Summary of a set of samples of one quantity. */
export interface SampleSummary {
  /** Number of samples. */
  readonly n: number;
  /** Median (mean of the two middle samples for even n). */
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** The raw samples, in measurement order. */
  readonly samples: readonly number[];
}

/** Summarise samples; throws on an empty list (a benchmark that measured nothing is a bug). */
export function summarize(samples: readonly number[]): SampleSummary {
  if (samples.length === 0) throw benchError('INVALID_ARGUMENT', 'summarize needs at least one sample', { details: { field: 'samples', value: 0 } });
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { n: samples.length, median, min: sorted[0], max: sorted[sorted.length - 1], samples: [...samples] };
}

/**
 * Ratio of two quantities measured in the same run, from the medians of pairwise ratios
 * (`baseline[i] / candidate[i]`), which cancels drift between alternated pairs.
 * A result above 1 means the candidate is faster (smaller) than the baseline.
 */
export function pairedSpeedup(baseline: readonly number[], candidate: readonly number[]): SampleSummary {
  if (baseline.length !== candidate.length) {
    throw benchError('INVALID_ARGUMENT', `paired samples differ in length: ${baseline.length} vs ${candidate.length}`, {
      details: { field: 'candidate', value: candidate.length },
    });
  }
  return summarize(baseline.map((b, i) => b / candidate[i]));
}
