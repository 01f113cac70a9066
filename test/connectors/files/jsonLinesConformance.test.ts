import fc from "fast-check";
import { describe } from "vitest";
import { JsonLinesSource } from "../../../connectors/files/index.js";
import { sourceConformanceTest } from "../../../testkit/vitest.js";
import { useTempDirs, writeFixture } from "./fixtures.js";

const tempDir = useTempDirs();

// Generated JSON values (strings with unicode and escapes, numbers, nested objects) as JSON
// Lines with CRLF or LF endings: the every-connector-in-CI budget of 500 schedules.
const values = fc.sample(fc.array(fc.jsonValue({ maxDepth: 2 }), { minLength: 1, maxLength: 40 }), { seed: 4242, numRuns: 1 })[0]!;
const dir = tempDir();
const crlf = writeFixture(dir, "a.jsonl", values.map((v) => JSON.stringify(v)).join("\r\n") + "\r\n");
const lf = writeFixture(dir, "b.jsonl", values.map((v) => JSON.stringify(v)).join("\n"));

describe("JsonLinesSource conformance", () => {
  sourceConformanceTest("JsonLinesSource over LF and CRLF files with tiny splits conforms over 500 schedules", {
    sdf: new JsonLinesSource({ desiredSplitSize: 11, chunkSize: 7 }),
    elements: [crlf, lf],
    expected: [...values, ...values].map((v) => JSON.parse(JSON.stringify(v)) as unknown),
    keyOf: (value) => JSON.stringify(value),
    numRuns: 500,
  });
});
