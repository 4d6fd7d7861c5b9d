/** @zkr/bench: the zkr benchmark harness (the `zkr-bench` command): profiles, measurements, reports. */
export { BENCH_ERROR_CODES, type BenchErrorCode } from './errors';
export { runBench, type RunBenchOptions, type ProverSection, type GasSection } from './run';
export { benchProfile, PROFILE_NAMES, REFERENCE_PROFILE, type BenchProfile } from './profiles';
export { writeBenchReport, renderMarkdown, reportFileNames, reportPaths, type ReportFileNames, type BenchReport, type BenchTable, type BenchChart, type WrittenReport } from './report';
export { renderLineChart, niceTicks, type LineChart, type ChartSeries } from './svg';
export { summarize, pairedSpeedup, type SampleSummary } from './stats';
export { machineInfo, type MachineInfo } from './machine';
export { benchBuilder, type BuilderBenchOptions, type BuilderBenchResult } from './builder';
export { constraintTable, constraintBenchTable, CONSTRAINT_GRID, type ConstraintRow } from './constraints';
export { benchSetup, setupTables, type SetupBenchOptions, type SetupBenchResult } from './setup';
export { benchProver, benchMsm, type ProverBenchOptions, type ProverBenchResult } from './prover';
export { measureProtocolV2, protocolV2Markdown, writeProtocolV2Report, PROTOCOL_V2_GRID, type ProtocolRow, type ProtocolV2Options, type ProtocolV2Result } from './protocol-v2';
export { splitConstraints, COMPONENTS, type Component, type ComponentCounts } from './constraint-split';
export { compileMeasured, type CircomJob, type MeasuredCircuit } from './circom-measure';
