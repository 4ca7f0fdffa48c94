// Small builders for the format tests: a valid base file whose sections each test replaces.
import { expect } from 'vitest';
import { parseJobFile, type Diagnostic, type ParseResult } from '../../../src/format';

export const CLUSTER = `cluster:
  executors:
    - { id: "1", host: node1, cores: 2 }
    - { id: "2", host: node2, cores: 2, rack: r1 }
`;

export const JOBS = `jobs:
  - name: j
    stages:
      - name: s
        tasks: { count: 2, duration: 100ms }
`;

/** `version: 1` + the given sections; `cluster` and `jobs` default to the base ones. */
export function file(sections: { head?: string; conf?: string; cluster?: string; jobs?: string; tail?: string } = {}): string {
  return [
    'version: 1\n',
    sections.head ?? '',
    sections.conf !== undefined ? `conf:\n${indent(sections.conf)}` : '',
    sections.cluster ?? CLUSTER,
    sections.jobs ?? JOBS,
    sections.tail ?? '',
  ].join('');
}

export function indent(s: string, n = 2): string {
  return s
    .split('\n')
    .map((l) => (l === '' ? l : ' '.repeat(n) + l))
    .join('\n')
    .replace(/\n?$/, '\n');
}

export interface Found {
  d: Diagnostic;
  r: ParseResult;
  covered: string;
}

/** Exactly one diagnostic with `code`; returns it with the text it covers. */
export function one(text: string, code: string): Found {
  const r = parseJobFile(text);
  const ds = r.diagnostics.filter((d) => d.code === code);
  expect(ds, JSON.stringify(r.diagnostics, null, 1)).toHaveLength(1);
  const d = ds[0];
  return { d, r, covered: text.slice(d.range.start, d.range.end) };
}

export function codes(text: string): string[] {
  return parseJobFile(text).diagnostics.map((d) => d.code);
}

export function clean(text: string): ParseResult {
  const r = parseJobFile(text);
  expect(r.diagnostics.filter((d) => d.severity !== 'info'), JSON.stringify(r.diagnostics, null, 1)).toEqual([]);
  expect(r.model).toBeDefined();
  return r;
}
