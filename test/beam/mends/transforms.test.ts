// The transform and worker mends of apache-beam 2.49.0, each against the defect it removes.
import "apache-beam";
import { createRequire } from "node:module";
import { directRunner } from "apache-beam/runners/direct_runner";
import { create } from "apache-beam/transforms/create";
import { groupGlobally } from "apache-beam/transforms/group_and_combine";
import { describe, expect, it } from "vitest";
import { applyBeamMends } from "../../../beam/index.js";

const require = createRequire(import.meta.url);
applyBeamMends();

declare global {
  var sdfkitMendSink: unknown[] | undefined;
}

function keep(value: unknown): unknown {
  (globalThis.sdfkitMendSink ??= []).push(value);
  return value;
}

describe("apache-beam mends: transforms and worker", () => {
  it("groupGlobally() without a combiner yields the iterable of all elements (it yielded undefined)", async () => {
    globalThis.sdfkitMendSink = [];
    await directRunner().run((root) => {
      root.apply(create([3, 1, 2])).apply(groupGlobally()).map(keep);
    });
    expect(globalThis.sdfkitMendSink.map((group) => [...(group as Iterable<number>)].sort())).toEqual([[1, 2, 3]]);
  });

  it("the worker's gRPC channels accept messages of any size (the default refused more than 4 MB)", () => {
    const beamRequire = createRequire(require.resolve("apache-beam"));
    const constants = beamRequire(beamRequire.resolve("@grpc/grpc-js").replace(/index\.js$/, "constants.js")) as { DEFAULT_MAX_RECEIVE_MESSAGE_LENGTH: number };
    expect(constants.DEFAULT_MAX_RECEIVE_MESSAGE_LENGTH).toBe(-1);
  });
});
