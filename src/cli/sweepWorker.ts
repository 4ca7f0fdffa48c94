// A worker thread of `sparkjob sweep`: parses the file and sweeps its share of the executors.
import { parentPort, workerData } from 'node:worker_threads';
import { sweep, type SweepOptions } from '../engine/analysis/sweep';
import { parseJobFile } from '../format/parse';

const { text, options } = workerData as { text: string; options: SweepOptions };
const model = parseJobFile(text).model!;
parentPort!.postMessage(sweep(model, options));
