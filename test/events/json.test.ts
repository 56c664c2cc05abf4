import { describe, it, expect } from "vitest";
import fc from "fast-check";
import {
  JsonNumber,
  JsonObject,
  JsonSyntaxError,
  MAX_JSON_DEPTH,
  type JsonValue,
  isJsonArray,
  parseJson,
  pythonFloatRepr,
  pythonJsonDumps,
} from "../../src/events/json.js";

// Sources cited below:
// - "RFC 8259": the JSON grammar.
// - "spl-semantics.md 8.x": /work/shared/reference/spl-semantics.md section 8.
// - "aws-addon-fields.md Ingestion": the add-on writes each record like Python json.dumps.
// - "python3.11": expected strings were produced while writing these tests by running
//   python3 -c 'import json; print(json.dumps(json.loads(TEXT)))' (Python 3.11.7) and pasted here.

/** Converts a parsed value to a plain, comparable shape (objects as entry lists). */
function plain(v: JsonValue): unknown {
  if (typeof v === "string" || typeof v === "boolean" || v === null) return v;
  if (v instanceof JsonNumber) return { num: v.text };
  if (v instanceof JsonObject) return { obj: v.entries.map(([k, x]) => [k, plain(x)]) };
  return v.map(plain);
}

describe("parseJson: values and structure (RFC 8259)", () => {
  const cases: ReadonlyArray<readonly [string, string, unknown]> = [
    ["RFC 8259", '"abc"', "abc"],
    ["RFC 8259", "  true ", true],
    ["RFC 8259", "false", false],
    ["RFC 8259", "null", null],
    ["RFC 8259 / spl-semantics.md 8.6 (number text kept)", "1.50", { num: "1.50" }],
    ["RFC 8259 / spl-semantics.md 8.6", "-0", { num: "-0" }],
    ["RFC 8259 / spl-semantics.md 8.6", "1E+3", { num: "1E+3" }],
    ["RFC 8259 / spl-semantics.md 8.6", "123456789012345678901234567890", { num: "123456789012345678901234567890" }],
    ["RFC 8259", "[]", []],
    ["RFC 8259", "{}", { obj: [] }],
    ["RFC 8259", "[1, [2, []], {}]", [{ num: "1" }, [{ num: "2" }, []], { obj: [] }]],
    ["RFC 8259 (whitespace)", '\t\r\n { "a" :\n[ 1 , "x" ] } \n', { obj: [["a", [{ num: "1" }, "x"]]] }],
    ["RFC 8259 (key order kept)", '{"z":1,"a":2,"m":3}', { obj: [["z", { num: "1" }], ["a", { num: "2" }], ["m", { num: "3" }]] }],
    [
      "RFC 8259 (duplicate keys kept)",
      '{"a":1,"b":2,"a":3}',
      { obj: [["a", { num: "1" }], ["b", { num: "2" }], ["a", { num: "3" }]] },
    ],
    ["RFC 8259 (escapes)", '"\\"\\\\\\/\\b\\f\\n\\r\\t"', '"\\/\b\f\n\r\t'],
  ];
  it.each(cases)("%s: %s", (_src, text, expected) => {
    expect(plain(parseJson(text))).toEqual(expected);
  });
});

describe("parseJson: unicode escapes (RFC 8259 section 7)", () => {
  const cases: ReadonlyArray<readonly [string, string, string]> = [
    ["RFC 8259 7", '"caf\\u00e9"', "café"],
    ["RFC 8259 7 (upper-case hex)", '"\\u00E9\\u00c9"', "éÉ"],
    ["RFC 8259 7 (surrogate pair escape)", '"\\ud83d\\ude00"', "😀"],
    ["RFC 8259 7 (raw astral char)", '"😀"', "😀"],
    ["RFC 8259 7 (lone surrogate accepted, like JSON.parse)", '"\\ud800x"', "\ud800x"],
    ["RFC 8259 7 (NUL)", '"a\\u0000b"', "a\u0000b"],
    ["RFC 8259 7 (mixed with plain text)", '"x\\u0041y\\nz"', "xAy\nz"],
  ];
  it.each(cases)("%s: %s", (_src, text, expected) => {
    expect(parseJson(text)).toBe(expected);
  });
});

describe("parseJson: keys are plain data (spl-semantics.md 8.3: key characters kept as-is)", () => {
  it("keeps __proto__, constructor and prototype as ordinary keys and does not pollute prototypes", () => {
    const v = parseJson('{"__proto__":{"polluted":1},"constructor":"c","prototype":[1],"hasOwnProperty":null}');
    expect(v).toBeInstanceOf(JsonObject);
    const obj = v as JsonObject;
    expect(obj.entries.map(([k]) => k)).toEqual(["__proto__", "constructor", "prototype", "hasOwnProperty"]);
    expect(plain(obj.get("__proto__")!)).toEqual({ obj: [["polluted", { num: "1" }]] });
    expect(obj.get("constructor")).toBe("c");
    expect(obj.get("toString")).toBeUndefined();
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("get() returns the last value of a duplicate key (as json.loads / JSON.parse do)", () => {
    const obj = parseJson('{"a":1,"b":2,"a":"last"}') as JsonObject;
    expect(obj.get("a")).toBe("last");
    expect(obj.entries).toHaveLength(3);
  });

  it("isJsonArray distinguishes arrays", () => {
    expect(isJsonArray(parseJson("[1]"))).toBe(true);
    expect(isJsonArray(parseJson("{}"))).toBe(false);
  });
});

describe("parseJson: syntax errors say what was expected and where (RFC 8259)", () => {
  const cases: ReadonlyArray<readonly [string, string, number, RegExp]> = [
    ["RFC 8259", "", 0, /Expected a JSON value.*end of input/],
    ["RFC 8259", "   ", 3, /Expected a JSON value/],
    ["RFC 8259", '{"a":1,}', 7, /Expected '"' \(start of an object key\)/],
    ["RFC 8259", '{"a" 1}', 5, /Expected ':' after object key/],
    ["RFC 8259", '{"a":1 "b":2}', 7, /Expected ',' or '}' after object member/],
    ["RFC 8259", "[1,]", 3, /Expected a JSON value/],
    ["RFC 8259", "[1 2]", 3, /Expected ',' or ']' after array element/],
    ["RFC 8259", "[1", 2, /Expected ',' or ']'.*end of input/],
    ["RFC 8259", "{1:2}", 1, /Expected '"'/],
    ["RFC 8259", "{'a':1}", 1, /Expected '"'/],
    ["RFC 8259", "tru", 0, /Expected 'true'/],
    ["RFC 8259", "nul", 0, /Expected 'null'/],
    ["RFC 8259", "NaN", 0, /Expected a JSON value/],
    ["RFC 8259", "Infinity", 0, /Expected a JSON value/],
    ["RFC 8259", "01", 1, /Expected end of input after the JSON value/],
    ["RFC 8259", "1.", 2, /expected a digit after '\.'/],
    ["RFC 8259", "1e", 2, /expected a digit in the exponent/],
    ["RFC 8259", "-", 1, /expected a digit/],
    ["RFC 8259", "+1", 0, /Expected a JSON value/],
    ["RFC 8259", ".5", 0, /Expected a JSON value/],
    ["RFC 8259", '"abc', 4, /Unterminated string: expected '"'/],
    ["RFC 8259", '"a\\x"', 2, /Invalid escape sequence: expected one of/],
    ["RFC 8259", '"\\u12G4"', 5, /Invalid \\u escape: expected 4 hexadecimal digits/],
    ["RFC 8259", '"a\tb"', 2, /Unescaped control character in string: expected '\\u0009'/],
    ["RFC 8259", '{"a":1} x', 8, /Expected end of input after the JSON value at offset 8 but found 'x'/],
    ["RFC 8259", "[1] [2]", 4, /Expected end of input/],
  ];
  it.each(cases)("%s: %j", (_src, text, offset, message) => {
    let caught: unknown;
    try {
      parseJson(text);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(JsonSyntaxError);
    const err = caught as JsonSyntaxError;
    expect(err.offset).toBe(offset);
    expect(err.message).toMatch(message);
    expect(err.message).toMatch(/xpected/);
    expect(err.message).toContain(`offset ${offset}`);
  });
});

describe("parseJson: nesting depth limit (brief: depth limit 1000, JsonSyntaxError not stack overflow)", () => {
  it(`accepts ${MAX_JSON_DEPTH} nested arrays and objects`, () => {
    expect(MAX_JSON_DEPTH).toBe(1000);
    const arr = "[".repeat(1000) + "]".repeat(1000);
    expect(isJsonArray(parseJson(arr))).toBe(true);
    const obj = '{"a":'.repeat(1000) + "1" + "}".repeat(1000);
    expect(parseJson(obj)).toBeInstanceOf(JsonObject);
  });

  const deep: ReadonlyArray<readonly [string, string, number]> = [
    ["1001 arrays", "[".repeat(1001) + "]".repeat(1001), 1000],
    ["1001 objects", '{"a":'.repeat(1001) + "1" + "}".repeat(1001), 5 * 1000],
    ["100000 arrays (would overflow a naive recursive parser)", "[".repeat(100000), 1000],
    ["mixed", '[{"a":'.repeat(600) + "1" + "}]".repeat(600), 6 * 500],
  ];
  it.each(deep)("rejects %s with a JsonSyntaxError at the offending bracket", (_name, text, offset) => {
    let caught: unknown;
    try {
      parseJson(text);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(JsonSyntaxError);
    expect((caught as JsonSyntaxError).offset).toBe(offset);
    expect((caught as JsonSyntaxError).message).toMatch(/Nesting too deep: expected at most 1000/);
  });
});

describe("pythonJsonDumps: floats as Python repr (python3.11)", () => {
  // [JSON text, json.dumps(json.loads(text))]
  const cases: ReadonlyArray<readonly [string, string]> = [
    ["1.0", "1.0"],
    ["1.50", "1.5"],
    ["0.1", "0.1"],
    ["0.5", "0.5"],
    ["2.5", "2.5"],
    ["100000.0", "100000.0"],
    ["1e5", "100000.0"],
    ["1E5", "100000.0"],
    ["1e15", "1000000000000000.0"],
    ["1e16", "1e+16"],
    ["1E+16", "1e+16"],
    ["9999999999999998.0", "9999999999999998.0"],
    ["1234567890123456.7", "1234567890123456.8"],
    ["12345678901234567.0", "1.2345678901234568e+16"],
    ["1.5e-5", "1.5e-05"],
    ["0.00015", "0.00015"],
    ["0.0001", "0.0001"],
    ["0.00001", "1e-05"],
    ["0.000123", "0.000123"],
    ["1e-4", "0.0001"],
    ["1e-5", "1e-05"],
    ["1e400", "Infinity"],
    ["-1e400", "-Infinity"],
    ["1e-400", "0.0"],
    ["-0.0", "-0.0"],
    ["-0.0e0", "-0.0"],
    ["0e0", "0.0"],
    ["0.0", "0.0"],
    ["1e22", "1e+22"],
    ["1e21", "1e+21"],
    ["1e-7", "1e-07"],
    ["123456789.123456789", "123456789.12345679"],
    ["0.30000000000000004", "0.30000000000000004"],
    ["5e-324", "5e-324"],
    ["2.2250738585072014e-308", "2.2250738585072014e-308"],
    ["1.7976931348623157e308", "1.7976931348623157e+308"],
    ["3.14159265358979323846", "3.141592653589793"],
    ["-2.5E+3", "-2500.0"],
    ["123e-2", "1.23"],
    ["1.23456789e-7", "1.23456789e-07"],
    ["12345678901234567890.0", "1.2345678901234567e+19"],
    ["9007199254740993.0", "9007199254740992.0"],
    ["0.1e1", "1.0"],
    ["10.0e-1", "1.0"],
    ["1.0000000000000002", "1.0000000000000002"],
    ["4.35", "4.35"],
    ["-123.456e10", "-1234560000000.0"],
    ["1e0", "1.0"],
    ["1E-0", "1.0"],
    ["2e-1", "0.2"],
  ];
  it.each(cases)("python3.11: %s -> %s", (text, expected) => {
    expect(pythonJsonDumps(parseJson(text))).toBe(expected);
  });

  it("pythonFloatRepr handles NaN (json.dumps spelling; not reachable from JSON text)", () => {
    expect(pythonFloatRepr(Number.NaN)).toBe("NaN");
  });
});

describe("pythonJsonDumps: integers as Python int (python3.11)", () => {
  const cases: ReadonlyArray<readonly [string, string]> = [
    ["0", "0"],
    ["-0", "0"],
    ["1", "1"],
    ["-1", "-1"],
    ["100", "100"],
    ["123456789012345678901234567890", "123456789012345678901234567890"],
    ["-9007199254740993", "-9007199254740993"],
    ["9007199254740993", "9007199254740993"],
    ["18446744073709551616", "18446744073709551616"],
  ];
  it.each(cases)("python3.11: %s -> %s", (text, expected) => {
    expect(pythonJsonDumps(parseJson(text))).toBe(expected);
  });
});

describe("pythonJsonDumps: strings with ensure_ascii (python3.11)", () => {
  const cases: ReadonlyArray<readonly [string, string]> = [
    ['"caf\\u00e9"', '"caf\\u00e9"'],
    ['"café"', '"caf\\u00e9"'],
    ['"😀"', '"\\ud83d\\ude00"'],
    ['"\\ud83d\\ude00"', '"\\ud83d\\ude00"'],
    ['"\\ud800"', '"\\ud800"'],
    ['"\\udc00x"', '"\\udc00x"'],
    ['"a/b\\/c"', '"a/b/c"'],
    ['"\\"q\\" \\\\ back"', '"\\"q\\" \\\\ back"'],
    ['"\\n\\r\\t\\b\\f"', '"\\n\\r\\t\\b\\f"'],
    ['"\\u0000\\u0001\\u001f\\u007f"', '"\\u0000\\u0001\\u001f\\u007f"'],
    ['"\\u2028\\u2029"', '"\\u2028\\u2029"'],
    ['"\\uFFFF\\u0080\\u07ff"', '"\\uffff\\u0080\\u07ff"'],
    ['"日本語"', '"\\u65e5\\u672c\\u8a9e"'],
    ['"tab\\there"', '"tab\\there"'],
    ['"plain ASCII ~!@#$%^&*()"', '"plain ASCII ~!@#$%^&*()"'],
    [' "  spaced  " ', '"  spaced  "'],
  ];
  it.each(cases)("python3.11: %s -> %s", (text, expected) => {
    expect(pythonJsonDumps(parseJson(text))).toBe(expected);
  });
});

describe("pythonJsonDumps: documents (python3.11, aws-addon-fields.md Ingestion)", () => {
  const exampleA =
    '{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333","userName":"alice"},"eventTime":"2024-01-15T10:00:00Z","eventSource":"ec2.amazonaws.com","eventName":"ModifySnapshotAttribute","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.10","userAgent":"aws-cli/2.15.0","requestParameters":{"snapshotId":"snap-0abc","attributeType":"CREATE_VOLUME_PERMISSION","createVolumePermission":{"add":{"items":[{"userId":"444455556666"}]}}},"responseElements":{"requestId":"r-1","_return":true},"readOnly":false,"eventType":"AwsApiCall","recipientAccountId":"111122223333"}';
  const cases: ReadonlyArray<readonly [string, string, string]> = [
    ["python3.11 (duplicate keys: first position, last value)", '{"a": 1, "b": 2, "a": 3}', '{"a": 3, "b": 2}'],
    ["python3.11 (duplicate keys)", '{"k":1,"k":{"n":2},"z":0,"k":[3]}', '{"k": [3], "z": 0}'],
    [
      "python3.11",
      '{"a":1,"b":[1,2.0,{"c":null}],"d":{},"e":[],"f":true,"g":false}',
      '{"a": 1, "b": [1, 2.0, {"c": null}], "d": {}, "e": [], "f": true, "g": false}',
    ],
    [
      "python3.11 (special keys)",
      '{"__proto__": {"x": 1}, "constructor": "c", "prototype": [1]}',
      '{"__proto__": {"x": 1}, "constructor": "c", "prototype": [1]}',
    ],
    ["python3.11 (non-ASCII key, -0)", '{ "é" : "ü" , "x":-0 }', '{"\\u00e9": "\\u00fc", "x": 0}'],
    ["python3.11", "[1, [2, [3, []]], {}]", "[1, [2, [3, []]], {}]"],
    [
      "python3.11 / spl-semantics.md 8 Example 8.A",
      exampleA,
      '{"eventVersion": "1.08", "userIdentity": {"type": "IAMUser", "principalId": "AIDAEXAMPLE", "arn": "arn:aws:iam::111122223333:user/alice", "accountId": "111122223333", "userName": "alice"}, "eventTime": "2024-01-15T10:00:00Z", "eventSource": "ec2.amazonaws.com", "eventName": "ModifySnapshotAttribute", "awsRegion": "us-east-1", "sourceIPAddress": "203.0.113.10", "userAgent": "aws-cli/2.15.0", "requestParameters": {"snapshotId": "snap-0abc", "attributeType": "CREATE_VOLUME_PERMISSION", "createVolumePermission": {"add": {"items": [{"userId": "444455556666"}]}}}, "responseElements": {"requestId": "r-1", "_return": true}, "readOnly": false, "eventType": "AwsApiCall", "recipientAccountId": "111122223333"}',
    ],
    [
      "python3.11 / spl-semantics.md 8 Example 8.B",
      '{"tags":["a","b"],"resources":[{"ARN":"x","type":"T1"},{"ARN":"y"}],"m":[[1,2],[3]]}',
      '{"tags": ["a", "b"], "resources": [{"ARN": "x", "type": "T1"}, {"ARN": "y"}], "m": [[1, 2], [3]]}',
    ],
    [
      "python3.11 / spl-semantics.md 8 Example 8.C",
      '{"n":1.50,"b":false,"z":null,"s":""}',
      '{"n": 1.5, "b": false, "z": null, "s": ""}',
    ],
  ];
  it.each(cases)("%s: %s", (_src, text, expected) => {
    expect(pythonJsonDumps(parseJson(text))).toBe(expected);
  });

  it("is idempotent on its own output (aws-addon-fields.md Ingestion: _raw is already dumps text)", () => {
    const once = pythonJsonDumps(parseJson(exampleA));
    expect(pythonJsonDumps(parseJson(once))).toBe(once);
  });
});

describe("properties (fast-check)", () => {
  const roundTrip = (text: string): void => {
    const dumped = pythonJsonDumps(parseJson(text));
    expect(JSON.parse(dumped)).toEqual(JSON.parse(text));
    // ensure_ascii: output is pure printable ASCII.
    expect(/^[\x20-\x7e]*$/.test(dumped)).toBe(true);
  };

  it("parseJson -> pythonJsonDumps -> JSON.parse equals JSON.parse of the original (fc.json objects)", () => {
    fc.assert(
      fc.property(
        fc.json().filter((t) => t.startsWith("{")),
        roundTrip,
      ),
      { numRuns: 300 },
    );
  });

  it("same round trip for any fc.json value, including non-ASCII strings", () => {
    fc.assert(fc.property(fc.json(), roundTrip), { numRuns: 300 });
    fc.assert(fc.property(fc.json({ stringUnit: "binary" }), roundTrip), { numRuns: 300 });
  });

  it("parseJson accepts exactly what JSON.parse accepts on JSON.stringify output with whitespace", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v, null, 2);
        expect(() => parseJson(text)).not.toThrow();
      }),
      { numRuns: 200 },
    );
  });
});
