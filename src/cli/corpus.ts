#!/usr/bin/env node
// `npm run corpus -- <security_content dir>`: the corpus report (src/detections/report.ts).
import { corpusReport, formatReport } from "../detections/report.js";

const dir = process.argv[2];
if (!dir) {
  process.stderr.write("usage: npm run corpus -- <security_content dir>\n");
  process.exit(64);
}
const started = Date.now();
const groups = corpusReport(dir);
process.stdout.write(formatReport(groups));
process.stdout.write(`(${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
