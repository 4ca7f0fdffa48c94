// The Kafka source of a micro-batch query (reference structured-streaming.md sec. 1.6):
// KafkaOffsetRangeCalculator.getRanges turns a batch's offset ranges into read tasks, each
// preferring executors(floorMod(tp.hashCode, n)) so that cached consumers are reused; the
// executors are BlockManagerMaster.getPeers (live, non-driver) sorted by host, then id, both
// descending (KafkaSource.scala:408-418, KafkaOffsetReaderAdmin.scala:427-441). The same hash
// over sorted executors as the DStream PreferConsistent (../streaming/kafkaDirect.ts).
import { floorMod, topicPartitionHash } from '../streaming/kafkaDirect';

/** One read task of a batch: its topic partition (-1 for a rate or file source), records, preferred executor (-1: none). */
export interface ReadTask {
  partition: number;
  records: number;
  pref: number;
}

/** Records split evenly over `n` partitions, the first `total mod n` getting one more (spec "Records"). */
export function splitEvenly(total: number, n: number): number[] {
  const base = Math.floor(total / n);
  const extra = total - base * n;
  const out: number[] = [];
  for (let p = 0; p < n; p++) out.push(base + (p < extra ? 1 : 0));
  return out;
}

/**
 * KafkaOffsetRangeCalculator.getRanges (3.5): empty ranges are dropped; without minPartitions,
 * or when the ranges already reach it, one task per range preferring
 * executors(floorMod(TopicPartition.hashCode, n)); otherwise every range is split into
 * max(round(size / total x minPartitions), 1) parts (each `remaining / (parts - part)` records,
 * the last taking the rounding) and the split ranges carry no preferred location.
 */
export function getRanges(topic: string, records: number[], minPartitions: number, executors: number[]): ReadTask[] {
  const ranges: ReadTask[] = [];
  records.forEach((r, p) => {
    if (r > 0) ranges.push({ partition: p, records: r, pref: -1 });
  });
  if (minPartitions <= 0 || ranges.length >= minPartitions) {
    const n = executors.length;
    for (const t of ranges) t.pref = n > 0 ? executors[floorMod(topicPartitionHash(topic, t.partition), n)] : -1;
    return ranges;
  }
  const total = ranges.reduce((a, t) => a + t.records, 0);
  const out: ReadTask[] = [];
  for (const t of ranges) {
    const parts = Math.max(Math.round((t.records / total) * minPartitions), 1);
    let remaining = t.records;
    for (let part = 0; part < parts; part++) {
      const mine = Math.floor(remaining / (parts - part));
      remaining -= mine;
      out.push({ partition: t.partition, records: mine, pref: -1 });
    }
  }
  return out;
}
