// A small GeoLite2-City style database for tests (built by test/helpers/mmdb-writer.ts, never
// downloaded): records laid out as MaxMind's City records are, for a few networks.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { typed, writeMmdb, type Network, type WriterOptions } from "./mmdb-writer.js";

const names = (en: string, de?: string): Record<string, string> => (de === undefined ? { en } : { en, de });

export const CITY_NETWORKS: readonly Network[] = [
  {
    // Every part, in English and German.
    cidr: "81.2.69.0/24",
    record: {
      city: { geoname_id: 2643743, names: names("London", "London") },
      continent: { code: "EU", geoname_id: 6255148, names: names("Europe", "Europa") },
      country: { geoname_id: 2635167, iso_code: "GB", names: names("United Kingdom", "Vereinigtes Königreich") },
      location: { accuracy_radius: typed("uint16", 10), latitude: 51.5142, longitude: -0.0931, time_zone: "Europe/London" },
      subdivisions: [{ geoname_id: 6269131, iso_code: "ENG", names: names("England", "England") }],
    },
  },
  {
    // A metro code; the city and the region have English names only.
    cidr: "216.160.83.0/24",
    record: {
      city: { geoname_id: 5803556, names: names("Milton") },
      continent: { code: "NA", geoname_id: 6255149, names: names("North America", "Nordamerika") },
      country: { geoname_id: 6252001, iso_code: "US", names: names("United States", "USA") },
      location: { accuracy_radius: typed("uint16", 22), latitude: 47.2513, longitude: -122.3149, metro_code: typed("uint16", 819), time_zone: "America/Los_Angeles" },
      subdivisions: [{ geoname_id: 5815135, iso_code: "WA", names: names("Washington") }],
    },
  },
  {
    // No city and no region: a country-level record.
    cidr: "1.128.0.0/11",
    record: {
      continent: { code: "OC", geoname_id: 6255151, names: names("Oceania", "Ozeanien") },
      country: { geoname_id: 2077456, iso_code: "AU", names: names("Australia", "Australien") },
      location: { accuracy_radius: typed("uint16", 1000), latitude: -33.494, longitude: 143.2104, time_zone: "Australia/Sydney" },
    },
  },
  {
    cidr: "2001:db8::/32",
    record: {
      city: { geoname_id: 2950159, names: names("Berlin", "Berlin") },
      continent: { code: "EU", geoname_id: 6255148, names: names("Europe", "Europa") },
      country: { geoname_id: 2921044, iso_code: "DE", names: names("Germany", "Deutschland") },
      location: { accuracy_radius: typed("uint16", 50), latitude: 52.5196, longitude: 13.4069, time_zone: "Europe/Berlin" },
      subdivisions: [{ geoname_id: 2950157, iso_code: "BE", names: names("Land Berlin", "Berlin") }],
    },
  },
];

/** Write the test City database to `dir/name` and return its path. */
export function writeCityDatabase(dir: string, name = "GeoLite2-City.mmdb", options: WriterOptions = {}): string {
  const path = join(dir, name);
  writeFileSync(path, writeMmdb(CITY_NETWORKS, { pointers: true, ...options }));
  return path;
}
