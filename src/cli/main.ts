#!/usr/bin/env node
// The `spelunk` command.
import { Command, Option } from "commander";
import { removeSortFolders, removeStaleSortFolders } from "../timeorder.js";
import { checkCommand } from "./check.js";
import { replCommand, type ReplOptions } from "./repl.js";
import { runCommand } from "./run.js";
import { runWithTimeout } from "./timeout.js";
import { testCommand, type TestCommandOptions } from "./test.js";

const GEOIP_HELP = "a MaxMind DB file (GeoLite2-City.mmdb) for iplocation (default: $SPELUNK_GEOIP)";

const program = new Command();
program.name("spelunk").description("Run Splunk SPL searches and detections offline over JSON events").version("0.1.0");

program
  .command("run")
  .description("run a detection (.yml), a query file (.spl) or --query over event files")
  .argument("[file]", "a security_content detection YAML file or a .spl file")
  .option("-q, --query <spl>", "the SPL to run (instead of a file)")
  .option("-d, --data <path...>", "event files, directories or globs; - for stdin (repeatable)")
  .option("--sourcetype <name>", "give every event this sourcetype (default: recognised, else _json)")
  .option("-m, --macros <path...>", "macro files or folders: security_content YAML or macros.conf (repeatable)")
  .option("--props <file...>", "extra props.conf-like sourcetype knowledge files (repeatable)")
  .option("--lookups <dir...>", "folders of lookup tables: CSV files and security_content lookup YAML (repeatable; a detection's own lookups/ folder is found without it)")
  .option("--geoip <file.mmdb>", GEOIP_HELP)
  .addOption(new Option("-f, --format <format>", "output format").choices(["table", "json", "csv"]).default("table"))
  .option("--tz <zone>", "time zone for rendering and time functions (IANA name)", "UTC")
  .option("--now <time>", "pin the search time: epoch seconds or ISO 8601 (default: the clock)")
  .option("--strict", "stop at the first malformed input line (default: report it and go on)")
  .option("--timeout <seconds>", "stop the search if it runs longer (exit 65)")
  .action(async (file: string | undefined, opts: Record<string, unknown>) => {
    process.exitCode = opts["timeout"] === undefined ? await runCommand(file, opts) : await runWithTimeout(file, opts);
  });

program
  .command("check")
  .description("expand, parse and check searches without running them: detection YAML and .spl files or folders of them")
  .argument("<paths...>", "files or folders")
  .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"))
  .option("-m, --macros <path...>", "macro files or folders (default: a macros/ folder beside each file or a parent)")
  .option("--lookups <dir...>", "folders of lookup tables (default: the lookups/ folder of a security_content checkout)")
  .option("--geoip <file.mmdb>", GEOIP_HELP)
  .action((paths: string[], opts: { format?: string; macros?: string[]; lookups?: string[]; geoip?: string }) => {
    process.exitCode = checkCommand(paths, opts);
  });

program
  .command("test")
  .description("run detection tests: sidecar *.test.yml files, and with --attack-data the tests: of detection files")
  .argument("<paths...>", "sidecar test files, detection files, or folders of them")
  .option("--attack-data <dir>", "a folder laid out like splunk/attack_data, for the datasets of detections' tests:")
  .option("-j, --jobs <n>", "tests run at once, on worker threads (default: the number of CPUs)")
  .option("--timeout <seconds>", "stop a test that runs longer, and report it as failed")
  .addOption(new Option("--reporter <name>", "how to report").choices(["text", "json", "junit"]).default("text"))
  .option("-o, --output <file>", "where the junit reporter writes its XML")
  .option("--now <time>", "pin the search time for every test (default: each test's newest event)")
  .option("--tz <zone>", "time zone for rendering and time functions", "UTC")
  .option("-m, --macros <path...>", "macro files or folders (default: the detection's own macros/ folder)")
  .option("--lookups <dir...>", "extra lookup folders (after the detection's own lookups/ folder)")
  .option("--geoip <file.mmdb>", GEOIP_HELP)
  .action(async (paths: string[], opts: TestCommandOptions) => {
    process.exitCode = await testCommand(paths, opts);
  });

program
  .command("repl")
  .description("an interactive prompt for searches over event files loaded once (piped stdin: one search per line or block)")
  .option("-d, --data <path...>", "event files, directories or globs (repeatable; .data changes them)")
  .option("-m, --macros <path...>", "macro files or folders (repeatable; .macros changes them)")
  .option("--sourcetype <name>", "give every event this sourcetype (default: recognised, else _json)")
  .option("--lookups <dir...>", "folders of lookup tables (repeatable)")
  .option("--geoip <file.mmdb>", GEOIP_HELP)
  .addOption(new Option("-f, --format <format>", "output format (.format changes it)").choices(["table", "json", "csv"]).default("table"))
  .option("--tz <zone>", "time zone for rendering and time functions (IANA name)", "UTC")
  .option("--now <time>", "pin the search time: epoch seconds or ISO 8601 (default: the clock)")
  .action(async (opts: ReplOptions) => {
    process.exitCode = await replCommand(opts);
  });

// A search's time-sort files are removed when it ends, and a worker's by the thread that stops it; what
// is left when the process exits goes then. A process stopped by a signal runs no clean-up: its folders
// are removed by the next spelunk that starts. (Catching SIGINT/SIGTERM instead would let a search busy
// on the main thread, such as a regular expression that backtracks without end, ignore them.)
removeStaleSortFolders();
process.on("exit", () => removeSortFolders());

// `spelunk` alone on a terminal starts the REPL.
const argv = process.argv.length <= 2 && process.stdin.isTTY ? [...process.argv, "repl"] : process.argv;
program.parseAsync(argv).catch((e: unknown) => {
  process.stderr.write(`spelunk: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 70;
});
