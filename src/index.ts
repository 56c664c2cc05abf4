// spelunk's public API.
export { runSearch, compileSearch, type SearchOptions, type SearchResult, type CompiledSearch } from "./spl.js";
export { MacroTable, securityContentDefaults, type MacroDefinition } from "./macros/table.js";
export { loadMacros, loadMacroDir, loadMacroFile } from "./macros/load.js";
export { loadDetection, findMacroDir, type Detection } from "./detections/load.js";
export { runDetection, type RunDetectionOptions, type JsonRow } from "./detections/testrun.js";
export { formatTable, formatJson, formatCsv, toJsonRows, type OutputFormat } from "./output/format.js";
export { formatDiagnostic, codeFrame, SplError, type Diagnostic, type DiagnosticCode } from "./diagnostics.js";
export type { Row } from "./events/row.js";
export type { FieldValue, Scalar } from "./values/value.js";
