// Public API of the format layer: text -> typed model + diagnostics + source map.
// (Implementation: parse.ts and the section validators; this file only re-exports.)
export * from './model';
export * from './diagnostics';
export { parseJobFile } from './parse';
export type { ParseResult, ParseOptions, SourceMap, ModelPath, SourceEntry } from './parse';
export { executorPath, faultPath, jobPath, stagePath, taskPath, confPath, rangeAt, pathAtOffset } from './locate';
export { heartbeatTimeoutMs, defaultSparkConf, CONF_DEFAULTS } from './conf';
export { CODES, codesMarkdownTable } from './codes';
export type { Code, CodeInfo } from './codes';
export { CONF_KEYS, confKeyInfo, confKeyMarkdown } from './confKeys';
export type { ConfKeyInfo, ConfType } from './confKeys';
export { FORMAT_KEYS, formatKeyInfo, childKeys, schemaPath } from './formatKeys';
export type { FormatKeyInfo } from './formatKeys';
export { parseTimeMs, parseSizeBytes, formatMs } from './values';
export { NETWORK_DEFAULTS, ANALYSIS_DEFAULTS } from './sections';
