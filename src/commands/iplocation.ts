// iplocation (Splunk Search Reference "iplocation"):
//   iplocation [prefix=<string>] [allfields=<bool>] [lang=<string>] <ip-address-fieldname>
// looks the address up in a GeoIP database (Splunk ships MaxMind's GeoLite2-City.mmdb; spelunk reads
// the one given with --geoip, SPELUNK_GEOIP or SearchOptions.geoip: PlanContext.geoip) and adds City,
// Country, Region, lat and lon; allfields=true adds Continent, MetroCode and Timezone. prefix= goes
// before every name; lang= picks the language of the names (default en). IPv4 and IPv6.
// - From a City record: City = city.names[lang], Country = country.names[lang], Region =
//   subdivisions[0].names[lang], lat/lon = location.latitude/longitude, Continent =
//   continent.names[lang], MetroCode = location.metro_code, Timezone = location.time_zone.
// - An address the database has a record for gets every field; a part the record lacks is the empty
//   string (the docs: "because all the information might not be available for each IP address, an
//   event can have empty field values"). A name missing in the chosen language is empty too (reading
//   chosen: no fallback to English, which would mix languages in one field).
// - An address the database has no record for (internal addresses), a value that is not an address,
//   or a row without the field: no fields are added (the docs: "for IP addresses which do not have a
//   location, such as internal addresses, no fields are added").
// - A multivalue field is read from its first value.
// Without a database the command is refused when the search is planned: an empty or made-up location
// would be a silent wrong answer (DESIGN.md: unsupported means loud).
import { SplError } from "../diagnostics.js";
import type { Row } from "../events/row.js";
import { MmdbError, type MmdbValue } from "../geoip/mmdb.js";
import { openGeoDatabase } from "../geoip/open.js";
import type { GenericCommand } from "../syntax/ast.js";
import { parseAddress } from "../values/ip.js";
import { firstValue, toText, type Scalar } from "../values/value.js";
import { badArgument, boolOption, fieldNames, readArgs } from "./args.js";
import { addColumns, streamingMap, type CommandPlanner } from "./types.js";

interface GeoField {
  readonly name: string;
  /** Map keys and array indexes from the record to the value. */
  readonly path: readonly (string | number)[];
  /** The value is a map of names by language. */
  readonly localized: boolean;
}

const field = (name: string, path: readonly (string | number)[], localized = false): GeoField => ({ name, path, localized });

const DEFAULT_FIELDS: readonly GeoField[] = [
  field("City", ["city", "names"], true),
  field("Country", ["country", "names"], true),
  field("Region", ["subdivisions", 0, "names"], true),
  field("lat", ["location", "latitude"]),
  field("lon", ["location", "longitude"]),
];

const ALL_FIELDS: readonly GeoField[] = [
  ...DEFAULT_FIELDS,
  field("Continent", ["continent", "names"], true),
  field("MetroCode", ["location", "metro_code"]),
  field("Timezone", ["location", "time_zone"]),
];

function at(value: MmdbValue | undefined, path: readonly (string | number)[]): MmdbValue | undefined {
  let v = value;
  for (const step of path) {
    if (typeof step === "number") v = Array.isArray(v) ? (v as readonly MmdbValue[])[step] : undefined;
    else v = v instanceof Map ? v.get(step) : undefined;
  }
  return v;
}

/** A record's value as a field value: strings and numbers as they are, anything else (absent) empty. */
function scalar(v: MmdbValue | undefined): Scalar {
  if (typeof v === "string" || typeof v === "number") return v;
  if (typeof v === "bigint") return v.toString();
  return "";
}

const NO_DATABASE =
  "The 'iplocation' command needs a GeoIP database (Splunk uses MaxMind's GeoLite2-City.mmdb): give one with --geoip <file.mmdb> or the SPELUNK_GEOIP environment variable (SearchOptions.geoip in the library)";

export const planIplocation: CommandPlanner<GenericCommand> = (command, ctx) => {
  const args = readArgs(command, ["prefix", "allfields", "lang"]);
  const [ipField, extra] = fieldNames(args.positional);
  if (!ipField) throw badArgument("The 'iplocation' command needs the name of a field that holds IP addresses", command.span);
  if (extra) throw badArgument("The 'iplocation' command takes one field", extra.span);
  const prefix = args.options.get("prefix")?.value ?? "";
  const lang = args.options.get("lang")?.value ?? "en";
  const fields = boolOption(args.options.get("allfields"), false) ? ALL_FIELDS : DEFAULT_FIELDS;

  if (!ctx.geoip) throw new SplError("unsupported-argument", NO_DATABASE, command.span);
  // Both opening and reading a record can meet a bad file: an input error that names it.
  const inputError = (e: unknown): never => {
    if (e instanceof MmdbError) throw new SplError("input-error", e.message, command.span);
    throw e;
  };
  let db;
  try {
    db = openGeoDatabase(ctx.geoip);
  } catch (e) {
    return inputError(e);
  }

  const apply = (row: Row): void => {
    const v = firstValue(row.get(ipField.name));
    if (v === null) return;
    const address = parseAddress(toText(v));
    if (!address) return;
    let record: MmdbValue | null;
    try {
      record = db.lookup(address);
    } catch (e) {
      return inputError(e);
    }
    if (record === null) return;
    for (const f of fields) {
      const value = at(record, f.path);
      row.set(prefix + f.name, scalar(f.localized ? at(value, [lang]) : value));
    }
  };

  return {
    name: "iplocation",
    span: command.span,
    streaming: true,
    orderSensitive: false,
    make: streamingMap(apply),
    columns: (input) => addColumns(input, fields.map((f) => prefix + f.name)),
  };
};
