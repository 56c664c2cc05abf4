// A scanning worker thread (see parallel.ts): for each segment of a JSON Lines file it is given, it
// answers with where the lines the prefilter lets through are (scan-segment.ts), not with their text:
// the reading thread takes the text from the file itself, so nothing large crosses between threads. It
// says "ready" once it has started, so that it is given segments only when it can scan them.
import { closeSync, openSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { prefilterFromWords } from "../commands/prefilter.js";
import { failedSegment, SegmentScanner, type SegmentResult, type SegmentTask } from "./scan-segment.js";

/** Lines a worker answers for in one segment, at most: ~40 bytes of offsets each while scanning, and
 * a worker's heap is 16 MB. A denser segment is left to the reading thread (SegmentResult.dense). */
const MAX_LINES = 32768;

const { file, words, readBytes } = workerData as { file: string; words: string[][]; readBytes: number };
const fd = openSync(file, "r");
const scanner = new SegmentScanner(fd, prefilterFromWords(words), readBytes);

parentPort!.on("message", (task: SegmentTask | null) => {
  if (task === null) {
    closeSync(fd);
    parentPort!.close();
    return;
  }
  let r: SegmentResult;
  try {
    r = scanner.scan(task, MAX_LINES);
  } catch (e) {
    r = failedSegment(task.index, (e as Error).message);
  }
  parentPort!.postMessage(r, [r.starts.buffer, r.ends.buffer, r.nexts.buffer, r.numbers.buffer, r.ascii.buffer] as ArrayBuffer[]);
});
parentPort!.postMessage("ready");
