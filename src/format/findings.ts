// Engine findings name model objects; this puts them at source ranges (the edge, as the style
// notes ask): a fault finding on the fault's entry, an executor finding on its entry, and so on.
import type { ModelFinding, Target } from '../engine/analysis/findings';
import type { Diagnostic } from './diagnostics';
import { confPath, executorPath, jobPath, rangeAt } from './locate';
import type { ParseResult } from './parse';
import type { ModelPath } from './sourceMap';

type Parsed = Pick<ParseResult, 'model' | 'sourceMap'>;

export function targetPath(parsed: Parsed, t: Target): ModelPath | undefined {
  switch (t.kind) {
    case 'fault':
      return t.field ? ['faults', t.index, t.field] : ['faults', t.index];
    case 'executor':
      return executorPath(parsed, t.id);
    case 'job':
      return jobPath(parsed, t.name);
    case 'conf':
      return parsed.sourceMap.value(confPath(t.key)) ? confPath(t.key) : undefined;
    case 'section':
      return [t.key];
    case 'analysis':
      return parsed.sourceMap.value(['analysis', t.key]) ? ['analysis', t.key] : ['analysis'];
    case 'input': {
      const i = parsed.model?.streaming?.inputs.findIndex((x) => x.name === t.name) ?? -1;
      return i < 0 ? undefined : ['streaming', 'inputs', i];
    }
  }
}

export function findingsToDiagnostics(parsed: Parsed, findings: ModelFinding[]): Diagnostic[] {
  return findings.map((f) => {
    const related = (f.related ?? [])
      .map((r) => ({ message: r.message, path: targetPath(parsed, r.target) }))
      .filter((r) => r.path !== undefined)
      .map((r) => ({ message: r.message, range: rangeAt(parsed, r.path) }));
    return {
      severity: f.severity, code: f.code, message: f.message,
      range: rangeAt(parsed, targetPath(parsed, f.target)),
      ...(f.fixes && f.fixes.length ? { fixes: f.fixes } : {}),
      ...(related.length ? { related } : {}),
    };
  });
}
