// The progress monitoring infos the portable worker reports, decoded with Beam's own coders.
import "apache-beam";
import { Reader } from "protobufjs";
import { Context } from "apache-beam/coders/coders";
import { IterableCoder } from "apache-beam/coders/required_coders";
import { DoubleCoder } from "apache-beam/coders/standard_coders";
import { describe, expect, it } from "vitest";
import { PROGRESS_URNS, progressInfos } from "../../beam/fnapi/progressInfos.js";

describe("progressInfos", () => {
  it("reports work completed and remaining as Beam's progress type, labelled with the transform", () => {
    const infos = progressInfos("e_process", { workCompleted: 120, workRemaining: 380.5 });
    expect(infos.map((i) => [i.urn, i.type, i.labels])).toEqual([
      [PROGRESS_URNS.completed, "beam:metrics:progress:v1", { PTRANSFORM: "e_process" }],
      [PROGRESS_URNS.remaining, "beam:metrics:progress:v1", { PTRANSFORM: "e_process" }],
    ]);
    const coder = new IterableCoder(new DoubleCoder());
    const decoded = infos.map((i) => [...coder.decode(new Reader(i.payload), Context.wholeStream)]);
    expect(decoded).toEqual([[120], [380.5]]);
  });

  it("an unbounded remainder is reported as the largest finite double", () => {
    const [, remaining] = progressInfos("t", { workCompleted: 0, workRemaining: Infinity });
    expect([...new IterableCoder(new DoubleCoder()).decode(new Reader(remaining!.payload), Context.wholeStream)]).toEqual([Number.MAX_VALUE]);
  });
});
