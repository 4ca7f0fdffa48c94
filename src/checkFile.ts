// The one pipeline behind `sparkjob check` and the editor's diagnostics: parse and validate the
// text, then (when the model is valid) simulate it and turn the findings into diagnostics.
import { analyzeFile, type FileAnalysis } from './engine/analysis/findings';
import type { SimulateOptions } from './engine/simulate';
import type { Diagnostic } from './format/diagnostics';
import { findingsToDiagnostics } from './format/findings';
import { parseJobFile, type ParseResult } from './format/parse';

export interface CheckOutcome {
  parsed: ParseResult;
  analysis?: FileAnalysis;
  diagnostics: Diagnostic[];
}

export function checkText(text: string, options: SimulateOptions & { simulate?: boolean } = {}): CheckOutcome {
  const parsed = parseJobFile(text);
  const diagnostics = [...parsed.diagnostics];
  if (!parsed.model || options.simulate === false) return { parsed, diagnostics };
  const analysis = analyzeFile(parsed.model, options);
  diagnostics.push(...findingsToDiagnostics(parsed, analysis.findings));
  diagnostics.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  return { parsed, analysis, diagnostics };
}
