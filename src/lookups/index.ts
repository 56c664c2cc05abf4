// Lookup tables for `lookup` and `inputlookup`: CSV files, security_content lookup definitions, and
// the resolvers the search options take (SearchOptions.lookups).
export { parseCsv, type CsvTable } from "./csv.js";
export { parseLookupDefinition, type LookupDefinition } from "./definitions.js";
export { DirectoryLookups, lookupsFromDirs } from "./directory.js";
export { findSecurityContentLookups } from "./discover.js";
export { lookupMatcher, type LookupMatcher } from "./match.js";
export { checkLookupName } from "./names.js";
export { DEFAULT_MAX_MATCHES, matchRules, type MatchRules } from "./settings.js";
export { lookupsFromTables, lookupTable } from "./table.js";
