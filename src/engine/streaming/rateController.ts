// Backpressure (spark.streaming.backpressure.enabled; reference sec. 2.7, 3.3): every input
// stream has a RateController (a StreamingListener) whose PIDRateEstimator computes a new rate
// from each completed batch (processingEnd, numRecords of the stream, processing and scheduling
// delay). Receivers get it through UpdateRateLimit (BlockGenerator.updateRate, capped by
// spark.streaming.receiver.maxRate); the Kafka direct stream reads the latest rate at its next
// compute (DirectKafkaInputDStream#maxMessagesPerPartition).
// Sources: streaming/.../scheduler/RateController.scala, rate/PIDRateEstimator.scala.

export interface PidParams {
  batchIntervalMs: number;
  proportional: number;
  integral: number;
  derivative: number;
  minRate: number;
}

/** PIDRateEstimator's state (plain data: forks copy it). */
export interface PidState {
  firstRun: boolean;
  latestTime: number;
  latestRate: number;
  latestError: number;
}

export function newPidState(): PidState {
  return { firstRun: true, latestTime: -1, latestRate: -1, latestError: -1 };
}

/**
 * PIDRateEstimator.compute: skipped unless time > latestTime, numElements > 0 and
 * processingDelay > 0; the first valid batch only initialises latestRate (no rate).
 */
export function pidCompute(s: PidState, p: PidParams, time: number, numElements: number, processingDelay: number,
  schedulingDelay: number): number | undefined {
  if (!(time > s.latestTime && numElements > 0 && processingDelay > 0)) return undefined;
  const delaySinceUpdate = (time - s.latestTime) / 1000;
  const processingRate = (numElements / processingDelay) * 1000;
  const error = s.latestRate - processingRate;
  const historicalError = (schedulingDelay * processingRate) / p.batchIntervalMs;
  const dError = (error - s.latestError) / delaySinceUpdate;
  const newRate = Math.max(p.minRate, s.latestRate - p.proportional * error - p.integral * historicalError - p.derivative * dError);
  s.latestTime = time;
  if (s.firstRun) {
    s.latestRate = processingRate;
    s.latestError = 0;
    s.firstRun = false;
    return undefined;
  }
  s.latestRate = newRate;
  s.latestError = error;
  return newRate;
}

/** The spark.streaming.backpressure.* keys (defaults of the reference's sec. 2.7). */
export function pidParams(raw: Record<string, string>, batchIntervalMs: number): PidParams {
  const num = (k: string, d: number) => {
    const v = raw[k];
    const n = v === undefined ? NaN : Number(v.trim());
    return Number.isFinite(n) ? n : d;
  };
  return {
    batchIntervalMs,
    proportional: num('spark.streaming.backpressure.pid.proportional', 1.0),
    integral: num('spark.streaming.backpressure.pid.integral', 0.2),
    derivative: num('spark.streaming.backpressure.pid.derived', 0.0),
    minRate: num('spark.streaming.backpressure.pid.minRate', 100),
  };
}
