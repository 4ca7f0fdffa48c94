// The one module that imports `yaml`, for src/format and the extension to import from. esbuild gives
// each module that imports a CommonJS package a copy of its exports (`__toESM`): 13 copies cost a
// cold command about 1 ms and 158 kB of young garbage before it reads its file.
export { Document, isAlias, isCollection, isMap, isPair, isScalar, isSeq, Pair, parseDocument, Scalar, visit, YAMLMap, YAMLSeq } from 'yaml';
export type { ErrorCode, Node, Schema, YAMLError } from 'yaml';
