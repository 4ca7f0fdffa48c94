// What an empty job file is offered (SJ004's quick fixes): a small file of each kind that
// parses without a diagnostic and has a fault to look at, so the timeline shows something at once.

export const STARTER_BATCH = `version: 1
cluster:
  executors:
    - { id: "1", host: node1, cores: 2 }
    - { id: "2", host: node2, cores: 2 }
    - { id: "3", host: node3, cores: 2 }
jobs:
  - name: job1
    stages:
      - name: map
        tasks: { count: 12, duration: 200ms, input: 64m, prefer: { replicas: 1, on: executors } }
faults:
  - { executor: "2", at: 300ms }
`;

export const STARTER_STREAMING = `version: 1
cluster:
  executors:
    - { id: "1", host: node1, cores: 2 }
    - { id: "2", host: node2, cores: 2 }
    - { id: "3", host: node3, cores: 2 }
streaming:
  batchInterval: 1s
  batches: 10
  inputs:
    - name: events
      kind: receiver
      recordsPerSecond: 5000
  outputs:
    - name: counts
      stages:
        - name: map
          input: events
          costPerRecord: 200us
faults:
  - { executor: "1", at: 5100ms }
`;
