// StateStoreCoordinator (reference structured-streaming.md sec. 1.2-1.3): the driver's map from
// a stateful operator's partition to the executor that last opened its store. Every launch of
// partition p reports itself (StateStore.get -> ReportActiveInstance), and nothing removes an
// executor from the map (no executor-removal hook: only DeactivateInstances at query stop), so
// after a loss the next batch's task p still prefers the dead executor.
// Reload cost (sec. 1.5-1.6, derived): a task that runs p on another executor than the one that
// ran p's last successful attempt loads the store from the checkpoint: the last snapshot plus
// the deltas (HDFS) or changelogs (RocksDB with changelog checkpointing) written after it.
import type { NetworkSpec, StateSpec } from '../../format/model';

export interface StateOperator {
  /** the stage's name in its query */
  stage: string;
  spec: StateSpec;
  /** per partition: the coordinator's location (executor index), -1 for none */
  location: Int32Array;
  /** per partition: the executor of the last successful attempt (whose store is loaded), -1 for none */
  loadedOn: Int32Array;
  /** per partition: the fault that orphaned it while no task of it was queued, -1 for none */
  orphanedBy: Int16Array;
  /** the stage of the latest batch (sim.stages index), -1 before the first */
  current: number;
  /** the preferences filled for the latest batch (StreamingQueryManager.fillPrefs), reused while the locations hold */
  prefStart: Int32Array | null;
  prefData: Int32Array | null;
  /** a location changed since prefStart and prefData were filled */
  moved: boolean;
  /** Cluster.removals when fillPrefs last found no location on a removed executor, else -1 */
  checkedAt: number;
}

export function newOperator(stage: string, spec: StateSpec, partitions: number, execIndex: (id: string) => number): StateOperator {
  const location = new Int32Array(partitions).fill(-1);
  spec.stores.forEach((id, p) => {
    if (p < partitions) location[p] = execIndex(id);
  });
  return { stage, spec, location, loadedOn: location.slice(), orphanedBy: new Int16Array(partitions).fill(-1), current: -1, prefStart: null, prefData: null, moved: true, checkedAt: -1 };
}

/**
 * Milliseconds to load partition p's store for batch `batchId` on an executor that does not have
 * it: `reload:` when given; else the snapshot (`size`) plus the deltas since the last snapshot
 * (batchId mod snapshotInterval of `changeSize` each; none for RocksDB without changelog
 * checkpointing, which uploads a full checkpoint every batch), read at network.bandwidth.
 */
export function reloadMs(spec: StateSpec, batchId: number, network: NetworkSpec): number {
  if (spec.reload !== undefined) return spec.reload;
  const deltas = spec.provider === 'rocksdb' && !spec.changelogCheckpointing ? 0 : batchId % spec.snapshotInterval;
  const bytes = spec.size + deltas * spec.changeSize;
  if (bytes <= 0) return 0;
  return network.latency + Math.ceil((bytes * 1000) / network.bandwidth);
}
