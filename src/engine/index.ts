// Public API of the engine: pure TypeScript, no `vscode`, no `node:` imports, no I/O.
export type { SimulationResult, AttemptResult, FaultResult, ExecutorResult, Finding, Locality } from './result';
export { simulate } from './simulate';
export type { SimulateOptions } from './simulate';
