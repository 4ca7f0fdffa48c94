// `cluster.manager` and its settings (spec `queries` section; extensions in the README): the
// model, and each diagnostic at its exact range.
import { describe, expect, it } from 'vitest';
import { parseJobFile } from '../../../src/format';
import { formatKeyInfo } from '../../../src/format/formatKeys';
import { clean, codes, file, one } from './helpers';

const k8s = (executors: string, extra = '') => `cluster:\n  manager: kubernetes\n${extra}  executors:\n${executors}`;

describe('cluster.manager', () => {
  it('defaults to standalone; yarn keeps lossReasonDelay, none means no exit report', () => {
    expect(clean(file()).model!.cluster.manager).toBe('standalone');
    const yarn = clean(file({ cluster: 'cluster:\n  manager: yarn\n  lossReasonDelay: 1400ms\n  executors:\n    - { id: "1", host: node1, cores: 2 }\n' }));
    expect(yarn.model!.cluster).toMatchObject({ manager: 'yarn', lossReasonDelay: 1400 });
    const none = clean(file({ cluster: 'cluster:\n  lossReasonDelay: none\n  executors:\n    - { id: "1", host: node1, cores: 2 }\n' }));
    expect(none.model!.cluster.lossReasonDelay).toBeNull();
  });

  it('SJ013: an unknown manager, with a did-you-mean', () => {
    const text = file({ cluster: 'cluster:\n  manager: kubernets\n  executors:\n    - { id: "1", host: node1, cores: 2 }\n' });
    const { d, covered } = one(text, 'SJ013');
    expect(covered).toBe('kubernets');
    expect(d.fixes).toEqual([{ kind: 'replace', text: 'kubernetes', title: 'Use kubernetes' }]);
  });

  it('kubernetes: host defaults to pod-ID, the template gives pod-1..pod-N, podEventDelay is read', () => {
    const list = clean(file({ cluster: k8s('    - { id: "1", cores: 2 }\n    - { id: "7", host: p7, cores: 2 }\n', '  podEventDelay: 300ms\n') }));
    expect(list.model!.cluster).toMatchObject({ manager: 'kubernetes', podEventDelay: 300 });
    expect(list.model!.cluster.executors.map((e) => e.host)).toEqual(['pod-1', 'p7']);
    const template = clean(file({ cluster: 'cluster:\n  manager: kubernetes\n  executors: { count: 3, cores: 1 }\n' }));
    expect(template.model!.cluster.executors.map((e) => e.host)).toEqual(['pod-1', 'pod-2', 'pod-3']);
    expect(template.model!.cluster.podEventDelay).toBe(0);
  });

  it('SJ011: host is still required on standalone and yarn', () => {
    const text = file({ cluster: 'cluster:\n  manager: yarn\n  executors:\n    - { id: "1", cores: 2 }\n' });
    const { d, covered } = one(text, 'SJ011');
    // at the executor's id (the entry that names it), not over the whole item
    expect(covered).toBe('id: "1"');
    expect(d.fixes?.[0]).toMatchObject({ kind: 'addKey', key: 'host' });
    const block = file({ cluster: 'cluster:\n  executors:\n    - cores: 2\n      id: "3"  # no host\n' });
    expect(one(block, 'SJ011').covered).toBe('id: "3"');
  });

  it('SJ120: two executors on one host is an error on kubernetes, at the second host', () => {
    const text = file({ cluster: k8s('    - { id: "1", host: n1, cores: 2 }\n    - { id: "2", host: n1, cores: 2 }\n') });
    const { d, covered } = one(text, 'SJ120');
    expect(d.severity).toBe('error');
    expect(covered).toBe('n1');
    expect(d.range.start).toBe(text.lastIndexOf('n1'));
    expect(d.related?.[0].range.start).toBe(text.indexOf('n1'));
    // a written host that is another executor's default pod-ID: at the written one, whichever comes first
    const clash = file({ cluster: k8s('    - { id: "1", host: pod-2, cores: 2 }\n    - { id: "2", cores: 2 }\n') });
    const second = one(clash, 'SJ120');
    expect(second.covered).toBe('"2"');
  });

  it('SJ121: podEventDelay off kubernetes, lossReasonDelay on kubernetes (rename fix) or on 2.2 standalone, at the key', () => {
    const pod = one(file({ cluster: 'cluster:\n  podEventDelay: 1s\n  executors:\n    - { id: "1", host: node1, cores: 2 }\n' }), 'SJ121');
    expect(pod.covered).toBe('podEventDelay');
    expect(pod.d.severity).toBe('warning');
    const loss = one(file({ cluster: k8s('    - { id: "1", cores: 2 }\n', '  lossReasonDelay: 1s\n') }), 'SJ121');
    expect(loss.covered).toBe('lossReasonDelay');
    expect(loss.d.fixes).toEqual([{ kind: 'renameKey', to: 'podEventDelay' }]);
    const old = one(file({ head: 'spark: "2.2"\n', cluster: 'cluster:\n  lossReasonDelay: 50ms\n  executors:\n    - { id: "1", host: node1, cores: 2 }\n' }), 'SJ121');
    expect(old.covered).toBe('lossReasonDelay');
  });

  it('SJ013: lossReasonDelay none only on standalone', () => {
    const text = file({ cluster: 'cluster:\n  manager: yarn\n  lossReasonDelay: none\n  executors:\n    - { id: "1", host: node1, cores: 2 }\n' });
    expect(one(text, 'SJ013').covered).toBe('none');
  });

  it('SJ122: the external shuffle service on kubernetes, at the conf value', () => {
    const text = file({ conf: 'spark.shuffle.service.enabled: true\n', cluster: k8s('    - { id: "1", cores: 2 }\n') });
    const { d, covered } = one(text, 'SJ122');
    expect(d.severity).toBe('warning');
    expect(covered).toBe('true');
    expect(codes(file({ conf: 'spark.shuffle.service.enabled: false\n', cluster: k8s('    - { id: "1", cores: 2 }\n') }))).not.toContain('SJ122');
  });

  it('SJ123: kubernetes with spark 2.2, at the manager', () => {
    const { d, covered } = one(file({ head: 'spark: "2.2"\n', cluster: k8s('    - { id: "1", cores: 2 }\n') }), 'SJ123');
    expect(d.severity).toBe('info');
    expect(covered).toBe('kubernetes');
  });
});

describe('faults: kind node and cause', () => {
  it('reads kind node and cause external', () => {
    const r = clean(file({ cluster: 'cluster:\n  manager: yarn\n  executors:\n    - { id: "1", host: node1, cores: 2 }\n',
      tail: 'faults:\n  - { executor: "1", at: 1s, kind: node }\n  - { executor: "1", at: 2s, cause: external }\n' }));
    expect(r.model!.faults).toEqual([{ executor: '1', at: 1000, kind: 'node' }, { executor: '1', at: 2000, kind: 'crash', cause: 'external' }]);
  });

  it('SJ124: cause external where the manager reports no such cause, at the value', () => {
    const text = file({ tail: 'faults:\n  - { executor: "1", at: 1s, cause: external }\n' });
    const { d, covered } = one(text, 'SJ124');
    expect(d.severity).toBe('info');
    expect(covered).toBe('external');
    expect(d.message).toContain('standalone Worker');
    const hang = one(file({ cluster: 'cluster:\n  manager: yarn\n  executors:\n    - { id: "1", host: node1, cores: 2 }\n',
      tail: 'faults:\n  - { executor: "1", at: 1s, kind: hang, cause: external }\n' }), 'SJ124');
    expect(hang.d.message).toContain('hang fault has its own loss reason');
  });

  it('SJ013: an unknown cause', () => {
    expect(one(file({ tail: 'faults:\n  - { executor: "1", at: 1s, cause: preempted }\n' }), 'SJ013').covered).toBe('preempted');
  });
});

describe('conf keys of the cluster managers', () => {
  it('spark.worker.timeout is read in seconds; executorRemoveDelayOnDisconnection as a time', () => {
    const r = parseJobFile(file({ conf: 'spark.worker.timeout: 30\nspark.standalone.executorRemoveDelayOnDisconnection: 2s\n' }));
    expect(r.model!.conf.workerTimeout).toBe(30_000);
    expect(r.model!.conf.executorRemoveDelay).toBe(2000);
  });
  it('hover and completion know the keys', () => {
    expect(formatKeyInfo(['cluster', 'manager'])).toMatchObject({ values: ['standalone', 'yarn', 'kubernetes'], default: 'standalone' });
    expect(formatKeyInfo(['cluster', 'podEventDelay'])?.default).toBe('0ms');
    expect(formatKeyInfo(['faults', 0, 'kind'])?.values).toEqual(['crash', 'hang', 'node', 'decommission']);
  });
});
