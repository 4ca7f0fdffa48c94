// Public API of the format layer: text -> typed model + diagnostics + source map.
// (Implementation: parse.ts / validate.ts; this file only re-exports.)
export * from './model';
export * from './diagnostics';
export { parseJobFile } from './parse';
export type { ParseResult, SourceMap, ModelPath } from './parse';
