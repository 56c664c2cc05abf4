import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { DEFAULT_EXTRACTION_CUTOFF, flattenJsonText } from "../../src/events/flatten.js";

// Sources cited below: "spl-semantics.md 8.x" = /work/shared/reference/spl-semantics.md section 8;
// "brief" = the task specification for flattenJsonText where Splunk's behaviour is undocumented.

type Fields = ReadonlyArray<readonly [string, readonly string[]]>;

function entries(m: Map<string, string[]>): Fields {
  return [...m.entries()];
}

describe("spl-semantics.md 8 worked examples", () => {
  it("Example 8.A: field names produced from one CloudTrail record", () => {
    const raw =
      '{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333","userName":"alice"},"eventTime":"2024-01-15T10:00:00Z","eventSource":"ec2.amazonaws.com","eventName":"ModifySnapshotAttribute","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.10","userAgent":"aws-cli/2.15.0","requestParameters":{"snapshotId":"snap-0abc","attributeType":"CREATE_VOLUME_PERMISSION","createVolumePermission":{"add":{"items":[{"userId":"444455556666"}]}}},"responseElements":{"requestId":"r-1","_return":true},"readOnly":false,"eventType":"AwsApiCall","recipientAccountId":"111122223333"}';
    const m = flattenJsonText(raw);
    expect(entries(m)).toEqual([
      ["eventVersion", ["1.08"]],
      ["userIdentity.type", ["IAMUser"]],
      ["userIdentity.principalId", ["AIDAEXAMPLE"]],
      ["userIdentity.arn", ["arn:aws:iam::111122223333:user/alice"]],
      ["userIdentity.accountId", ["111122223333"]],
      ["userIdentity.userName", ["alice"]],
      ["eventTime", ["2024-01-15T10:00:00Z"]],
      ["eventSource", ["ec2.amazonaws.com"]],
      ["eventName", ["ModifySnapshotAttribute"]],
      ["awsRegion", ["us-east-1"]],
      ["sourceIPAddress", ["203.0.113.10"]],
      ["userAgent", ["aws-cli/2.15.0"]],
      ["requestParameters.snapshotId", ["snap-0abc"]],
      ["requestParameters.attributeType", ["CREATE_VOLUME_PERMISSION"]],
      ["requestParameters.createVolumePermission.add.items{}.userId", ["444455556666"]],
      ["responseElements.requestId", ["r-1"]],
      ["responseElements._return", ["true"]],
      ["readOnly", ["false"]],
      ["eventType", ["AwsApiCall"]],
      ["recipientAccountId", ["111122223333"]],
    ]);
    // "No field named userIdentity, requestParameters or responseElements."
    for (const f of ["userIdentity", "requestParameters", "responseElements"]) expect(m.has(f)).toBe(false);
  });

  it("Example 8.A: same fields from the add-on's json.dumps serialisation (aws-addon-fields.md Ingestion)", () => {
    const compact = '{"a":{"b":[1,{"c":"x"}]},"d":"e"}';
    const dumped = '{"a": {"b": [1, {"c": "x"}]}, "d": "e"}';
    expect(entries(flattenJsonText(dumped))).toEqual(entries(flattenJsonText(compact)));
  });

  it("Example 8.B: arrays", () => {
    const m = flattenJsonText('{"tags":["a","b"],"resources":[{"ARN":"x","type":"T1"},{"ARN":"y"}],"m":[[1,2],[3]]}');
    expect(entries(m)).toEqual([
      ["tags{}", ["a", "b"]],
      ["resources{}.ARN", ["x", "y"]],
      ["resources{}.type", ["T1"]],
      ["m{}{}", ["1", "2", "3"]],
    ]);
  });

  it("Example 8.C: scalars", () => {
    const m = flattenJsonText('{"n":1.50,"b":false,"z":null,"s":""}');
    expect(entries(m)).toEqual([
      ["n", ["1.50"]],
      ["b", ["false"]],
      ["z", ["null"]],
      ["s", [""]],
    ]);
  });
});

describe("naming and values (spl-semantics.md 8.3, 8.6)", () => {
  const cases: ReadonlyArray<readonly [string, string, Fields]> = [
    ["8.3 members joined with '.'", '{"a":{"b":1}}', [["a.b", ["1"]]]],
    ["8.3 deep members", '{"a":{"b":{"c":{"d":"x"}}}}', [["a.b.c.d", ["x"]]]],
    ["8.3 array appends {}", '{"a":[1,2]}', [["a{}", ["1", "2"]]]],
    ["8.3 array of objects", '{"a":[{"b":1},{"b":2}]}', [["a{}.b", ["1", "2"]]]],
    ["8.3 nested arrays", '{"a":[[1],[2,[3]]]}', [["a{}{}", ["1", "2"]], ["a{}{}{}", ["3"]]]],
    ["8.3 array of arrays of objects", '{"a":[[{"b":1}],[{"b":2}]]}', [["a{}{}.b", ["1", "2"]]]],
    ["8.3 mixed array elements", '{"a":[1,{"b":2},[3],"s"]}', [["a{}", ["1", "s"]], ["a{}.b", ["2"]], ["a{}{}", ["3"]]]],
    [
      "8.3 same path from different elements merges in document order",
      '{"r":[{"x":{"y":1}},{"z":0},{"x":{"y":2}}]}',
      [["r{}.x.y", ["1", "2"]], ["r{}.z", ["0"]]],
    ],
    [
      "8.3 key characters kept as-is",
      '{"requestParameters":{"tags":{"lambda-console:blueprint":"b"},"x-amz-storage-class":"S"},"a.b":{"c d":1}}',
      [
        ["requestParameters.tags.lambda-console:blueprint", ["b"]],
        ["requestParameters.x-amz-storage-class", ["S"]],
        ["a.b.c d", ["1"]],
      ],
    ],
    ["8.3 names are case-sensitive", '{"A":1,"a":2}', [["A", ["1"]], ["a", ["2"]]]],
    ["8.6 / Q6 empty arrays and objects give no field", '{"e":[],"o":{},"n":[[],{}],"k":{"e":[]},"v":1}', [["v", ["1"]]]],
    ["8.6 numbers as written", '{"a":1.0,"b":-0,"c":1E+3,"d":12345678901234567890,"e":0.10}', [
      ["a", ["1.0"]],
      ["b", ["-0"]],
      ["c", ["1E+3"]],
      ["d", ["12345678901234567890"]],
      ["e", ["0.10"]],
    ]],
    ["8.6 true/false/null as text", '{"t":true,"f":false,"n":null,"a":[null,true]}', [
      ["t", ["true"]],
      ["f", ["false"]],
      ["n", ["null"]],
      ["a{}", ["null", "true"]],
    ]],
    ["8.6 strings unescaped", '{"s":"a\\"b\\\\c\\/d\\ne\\tf"}', [["s", ['a"b\\c/d\ne\tf']]]],
    ["8.6 unicode escapes", '{"s":"caf\\u00e9 \\ud83d\\ude00","t":"日本"}', [["s", ["café 😀"]], ["t", ["日本"]]]],
    ["8.6 escaped key", '{"k\\u0065y":{"\\"q\\"":1}}', [['key."q"', ["1"]]]],
    ["8.3 whitespace is insignificant", ' {\n "a" : [ 1 , { "b" : "x" } ] ,\t"c":{ } }\n', [["a{}", ["1"]], ["a{}.b", ["x"]]]],
    ["brief: duplicate keys merge in document order", '{"a":1,"b":2,"a":3}', [["a", ["1", "3"]], ["b", ["2"]]]],
    [
      "brief: __proto__/constructor/prototype are ordinary keys",
      '{"__proto__":{"x":1},"constructor":"c","prototype":[1],"toString":null}',
      [["__proto__.x", ["1"]], ["constructor", ["c"]], ["prototype{}", ["1"]], ["toString", ["null"]]],
    ],
    ["brief: empty key joins like any other key", '{"":{"":1},"a":{"":2}}', [[".", ["1"]], ["a.", ["2"]]]],
    ["brief: top-level array yields no fields", '[{"a":1}]', []],
    ["brief: top-level scalar yields no fields", '"x"', []],
    ["brief: top-level number yields no fields", "42", []],
    ["brief: empty text yields no fields", "", []],
    ["brief: empty object yields no fields", "{}", []],
  ];
  it.each(cases)("%s: %j", (_src, text, expected) => {
    expect(entries(flattenJsonText(text))).toEqual(expected);
  });

  it("brief: __proto__ key does not pollute prototypes and is a real Map entry", () => {
    const m = flattenJsonText('{"__proto__":"p","constructor":{"prototype":1}}');
    expect(m.get("__proto__")).toEqual(["p"]);
    expect(m.get("constructor.prototype")).toEqual(["1"]);
    expect(m.has("hasOwnProperty")).toBe(false);
    expect(({} as Record<string, unknown>)["p"]).toBeUndefined();
  });

  it("brief: repeated layouts give the same fields as fresh ones (key-position cache is invisible)", () => {
    const docs: ReadonlyArray<readonly [string, Fields]> = [
      ['{"a":1,"b":{"c":2}}', [["a", ["1"]], ["b.c", ["2"]]]],
      ['{"a":1,"b":{"c":2}}', [["a", ["1"]], ["b.c", ["2"]]]],
      ['{"ab":1,"b":{"cd":2}}', [["ab", ["1"]], ["b.cd", ["2"]]]],
      ['{"a\\u0062":1,"b":{"c\\"":2}}', [["ab", ["1"]], ['b.c"', ["2"]]]],
      ['{"":1,"b":{"":2}}', [["", ["1"]], ["b.", ["2"]]]],
      ['{"a":1,"b":{"c":2}}', [["a", ["1"]], ["b.c", ["2"]]]],
      ['{"b":{"c":2},"a":1}', [["b.c", ["2"]], ["a", ["1"]]]],
      ['{"r":[{"x":1,"y":2},{"y":3,"x":4},{"x":5}]}', [["r{}.x", ["1", "4", "5"]], ["r{}.y", ["2", "3"]]]],
      ['{"a":1,"a":2,"a\\\\":3}', [["a", ["1", "2"]], ["a\\", ["3"]]]],
    ];
    for (const [text, expected] of docs) expect(entries(flattenJsonText(text))).toEqual(expected);
  });

  it("brief: documents with very many distinct names (cache overflow mid-document) stay correct", () => {
    const count = 15000; // about 5 cached names per entry: well over the 50000-name cache bound
    const parts: string[] = [];
    for (let i = 0; i < count; i++) parts.push(`"o${i}":{"a":${i},"l":[{"k${i % 7}":"v"}]}`);
    const m = flattenJsonText("{" + parts.join(",") + "}", { cutoffBytes: Infinity });
    expect(m.size).toBe(count * 2);
    expect(m.get("o0.a")).toEqual(["0"]);
    expect(m.get("o14999.a")).toEqual(["14999"]);
    expect(m.get("o14999.l{}.k5")).toEqual(["v"]);
    expect(entries(flattenJsonText('{"o1":{"a":1,"b":2}}'))).toEqual([["o1.a", ["1"]], ["o1.b", ["2"]]]);
  });

  it("brief: deep nesting does not overflow the stack (no tree, explicit stack)", () => {
    const depth = 20000;
    const text = '{"a":' + "[".repeat(depth) + "1" + "]".repeat(depth) + "}";
    const m = flattenJsonText(text, { cutoffBytes: Infinity });
    expect(m.get("a" + "{}".repeat(depth))).toEqual(["1"]);
  });
});

describe("malformed text returns what was extracted before the error (brief)", () => {
  const cases: ReadonlyArray<readonly [string, string, Fields]> = [
    ["brief: truncated after a member", '{"a":1,"b":"x"', [["a", ["1"]], ["b", ["x"]]]],
    ["brief: truncated inside a string", '{"a":1,"b":"xy', [["a", ["1"]]]],
    ["brief: truncated inside a key", '{"a":1,"b', [["a", ["1"]]]],
    ["brief: truncated after a number at end of text", '{"a":{"b":12', [["a.b", ["12"]]]],
    ["brief: missing comma", '{"a":1 "b":2}', [["a", ["1"]]]],
    ["brief: trailing comma", '{"a":1,}', [["a", ["1"]]]],
    ["brief: invalid number is not extracted", '{"a":1,"b":01,"c":2}', [["a", ["1"]]]],
    ["brief: number followed by junk is not extracted", '{"a":1,"b":12x}', [["a", ["1"]]]],
    ["brief: bad literal", '{"a":true,"b":nul}', [["a", ["true"]]]],
    ["brief: literal followed by junk", '{"a":truex}', []],
    ["brief: bad escape", '{"a":"ok","b":"\\q"}', [["a", ["ok"]]]],
    ["brief: raw control char in string", '{"a":"ok","b":"x\ny"}', [["a", ["ok"]]]],
    ["brief: single-quoted key", "{'a':1}", []],
    ["brief: mismatched bracket", '{"a":[1,2},"b":3}', [["a{}", ["1", "2"]]]],
    ["brief: garbage after the top-level object is ignored", '{"a":1} {"b":2}', [["a", ["1"]]]],
  ];
  it.each(cases)("%s: %j", (_src, text, expected) => {
    expect(entries(flattenJsonText(text))).toEqual(expected);
  });
});

describe("extraction cutoff (spl-semantics.md 8.4, limits.conf [spath] extraction_cutoff)", () => {
  const utf8Length = (s: string): number => Buffer.byteLength(s, "utf8");

  /**
   * `{"pad":"<pad>","k":<value>,"after":"z"}` with `<pad>` (mostly `padChar`, topped up with "x")
   * sized so that the last byte of `<value>` is byte number `endByte` (1-based) of the UTF-8 text.
   */
  function recordWithLeafEndingAt(endByte: number, value: string, padChar: string): string {
    const head = '{"pad":"';
    const mid = '","k":';
    const padBytes = endByte - utf8Length(head + mid + value);
    const unit = utf8Length(padChar);
    const count = Math.floor(padBytes / unit);
    const pad = padChar.repeat(count) + "x".repeat(padBytes - count * unit);
    const text = head + pad + mid + value + ',"after":"z"}';
    expect(utf8Length(text.slice(0, text.indexOf(',"after"')))).toBe(endByte);
    return text;
  }

  it("default cutoff is 5000 bytes", () => {
    expect(DEFAULT_EXTRACTION_CUTOFF).toBe(5000);
  });

  const cases: ReadonlyArray<readonly [string, number, string, string, boolean]> = [
    // [source, byte where the leaf value ends (its last byte, 1-based), value JSON, pad char, extracted?]
    ["8.4: string leaf ending exactly at byte 5000 is extracted", 5000, '"value"', "x", true],
    ["8.4: string leaf ending before byte 5000 is extracted", 4990, '"value"', "x", true],
    ["8.4: string leaf straddling byte 5000 is not extracted", 5001, '"value"', "x", false],
    ["8.4: string leaf straddling by its closing quote only", 5001, '"v"', "x", false],
    ["8.4: number leaf ending at byte 5000 is extracted", 5000, "12345", "x", true],
    ["8.4: number leaf straddling byte 5000 is not extracted", 5002, "12345", "x", false],
    ["8.4: literal leaf ending at byte 5000 is extracted", 5000, "false", "x", true],
    ["8.4: literal leaf straddling byte 5000 is not extracted", 5003, "null", "x", false],
    ["8.4: counts UTF-8 bytes, 2-byte pad chars (é), ending at 5000", 5000, '"value"', "é", true],
    ["8.4: counts UTF-8 bytes, 2-byte pad chars (é), straddling", 5002, '"value"', "é", false],
    ["8.4: counts UTF-8 bytes, 3-byte pad chars (日), ending at 5000", 5000, '"valu"', "日", true],
    ["8.4: counts UTF-8 bytes, 3-byte pad chars (日), straddling", 5001, '"value"', "日", false],
    ["8.4: counts UTF-8 bytes, 4-byte pad chars (😀), ending at 5000", 5000, '"valu"', "😀", true],
    ["8.4: counts UTF-8 bytes, 4-byte pad chars (😀), straddling", 5004, '"valu"', "😀", false],
    ["8.4: multibyte value ending at byte 5001", 5001, '"vé"', "x", false],
    ["8.4: multibyte value ending at byte 5000", 5000, '"vé"', "x", true],
  ];
  it.each(cases)("%s", (_src, endByte, value, padChar, extracted) => {
    const text = recordWithLeafEndingAt(endByte, value, padChar);
    const m = flattenJsonText(text);
    expect(m.has("pad")).toBe(true);
    expect(m.has("k")).toBe(extracted);
    if (extracted) expect(m.get("k")).toEqual([String(JSON.parse(value))]);
    expect(m.has("after")).toBe(false); // leaves after the cutoff are silently dropped
    // Without the cutoff everything is extracted.
    expect(entries(flattenJsonText(text, { cutoffBytes: Infinity }))).toEqual([
      ["pad", [(JSON.parse(text) as { pad: string }).pad]],
      ["k", [String(JSON.parse(value))]],
      ["after", ["z"]],
    ]);
  });

  it("8.4: a value straddling the cutoff stops extraction even if later leaves are short", () => {
    const text = recordWithLeafEndingAt(5001, '"v"', "x");
    expect(entries(flattenJsonText(text)).map(([k]) => k)).toEqual(["pad"]);
  });

  it("8.4: a leaf ending exactly at the cutoff with more digits beyond it is not extracted", () => {
    // Bytes: `{"a":` are bytes 1-5, the digits bytes 6-11, so the number's last byte is byte 11.
    const text = '{"a":123456}';
    expect(flattenJsonText(text, { cutoffBytes: 8 }).has("a")).toBe(false);
    expect(flattenJsonText(text, { cutoffBytes: 11 }).get("a")).toEqual(["123456"]);
    expect(flattenJsonText(text, { cutoffBytes: 10 }).has("a")).toBe(false);
  });

  it("8.4: cutoffBytes option (small values, 0, Infinity)", () => {
    const text = '{"a":"1","b":"2","c":"3"}';
    // "a" ends at byte 8, "b" at 16, "c" at 24.
    expect(entries(flattenJsonText(text, { cutoffBytes: 0 }))).toEqual([]);
    expect(entries(flattenJsonText(text, { cutoffBytes: 7 }))).toEqual([]);
    expect(entries(flattenJsonText(text, { cutoffBytes: 8 }))).toEqual([["a", ["1"]]]);
    expect(entries(flattenJsonText(text, { cutoffBytes: 15 }))).toEqual([["a", ["1"]]]);
    expect(entries(flattenJsonText(text, { cutoffBytes: 16 }))).toEqual([["a", ["1"]], ["b", ["2"]]]);
    expect(entries(flattenJsonText(text, { cutoffBytes: Infinity }))).toHaveLength(3);
  });

  it("8.4 Example 8.E: a 9000-byte record whose recipientAccountId appears after byte 5000", () => {
    const statements = Array.from({ length: 90 }, (_, i) => ({
      Sid: `S${i}`,
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject"],
      Resource: `arn:aws:s3:::bucket-${i}/*`,
    }));
    const record = {
      eventTime: "2024-01-15T10:00:00Z",
      eventName: "PutBucketPolicy",
      requestParameters: { policy: { Version: "2012-10-17", Statement: statements } },
      recipientAccountId: "111122223333",
    };
    const raw = JSON.stringify(record);
    expect(utf8Length(raw)).toBeGreaterThan(9000);
    const m = flattenJsonText(raw);
    expect(m.get("eventName")).toEqual(["PutBucketPolicy"]);
    expect(m.has("recipientAccountId")).toBe(false);
    const sids = m.get("requestParameters.policy.Statement{}.Sid") ?? [];
    expect(sids.length).toBeGreaterThan(0);
    expect(sids.length).toBeLessThan(90);
    expect(flattenJsonText(raw, { cutoffBytes: Infinity }).get("recipientAccountId")).toEqual(["111122223333"]);
  });
});

// ---------------------------------------------------------------------------------------------
// Property tests (brief): flattenJsonText vs a simple recursive reference over JSON.parse output.
// ---------------------------------------------------------------------------------------------

function referenceFlatten(root: unknown): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (name: string, value: string): void => {
    const list = out.get(name);
    if (list) list.push(value);
    else out.set(name, [value]);
  };
  const walk = (v: unknown, name: string, top: boolean): void => {
    if (Array.isArray(v)) {
      for (const el of v as unknown[]) walk(el, name + "{}", false);
    } else if (v !== null && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) walk(x, top ? k : name + "." + k, false);
    } else if (typeof v === "string") {
      add(name, v);
    } else if (typeof v === "number") {
      add(name, JSON.stringify(v));
    } else {
      add(name, String(v)); // true, false, null
    }
  };
  if (root !== null && typeof root === "object" && !Array.isArray(root)) walk(root, "", true);
  return out;
}

const isPlainObject = (v: unknown): boolean => v !== null && typeof v === "object" && !Array.isArray(v);

describe("properties (fast-check, brief)", () => {
  it("flattenJsonText(JSON.stringify(obj), Infinity) equals the recursive reference", () => {
    fc.assert(
      fc.property(
        fc.json().filter((t) => isPlainObject(JSON.parse(t))),
        (t) => {
          const obj: unknown = JSON.parse(t);
          const text = JSON.stringify(obj);
          expect(entries(flattenJsonText(text, { cutoffBytes: Infinity }))).toEqual(entries(referenceFlatten(obj)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("same with non-ASCII strings and pretty-printed text", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ unit: "binary" }), fc.jsonValue({ stringUnit: "binary" })),
        (obj) => {
          const expected = entries(referenceFlatten(obj));
          expect(entries(flattenJsonText(JSON.stringify(obj), { cutoffBytes: Infinity }))).toEqual(expected);
          expect(entries(flattenJsonText(JSON.stringify(obj, null, 2), { cutoffBytes: Infinity }))).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a cutoff keeps a document-order prefix of the leaves (8.4)", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ unit: "binary" }), fc.jsonValue({ stringUnit: "binary" })),
        fc.nat({ max: 400 }),
        (obj, cutoff) => {
          const text = JSON.stringify(obj);
          const full = flattenJsonText(text, { cutoffBytes: Infinity });
          const cut = flattenJsonText(text, { cutoffBytes: cutoff });
          for (const [k, vs] of cut) {
            const all = full.get(k);
            expect(all).toBeDefined();
            expect(all!.slice(0, vs.length)).toEqual(vs);
          }
          if (Buffer.byteLength(text, "utf8") <= cutoff) expect(entries(cut)).toEqual(entries(full));
        },
      ),
      { numRuns: 300 },
    );
  });
});
