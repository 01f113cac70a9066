import "apache-beam";
import { Pipeline } from "apache-beam/internal/pipeline";
import { OutputTime_Enum } from "apache-beam/proto/beam_runner_api";
import { Root } from "apache-beam/pvalue";
import { create } from "apache-beam/transforms/create";
import { groupBy } from "apache-beam/transforms/group_and_combine";
import { describe, expect, it } from "vitest";
import { sdfRead } from "../../beam/index.js";
import { earliestPieceTimestamps } from "../../beam/earliestPieceTimestamps.js";
import { TextFileSource } from "../../connectors/files/index.js";

describe("earliestPieceTimestamps (what portableRunner submits)", () => {
  it("gives only sdfRead's reshuffle GroupByKey the EARLIEST output time; other grouping keeps end of window", () => {
    const pipeline = new Pipeline();
    new Root(pipeline).apply(create(["a.txt"])).apply(sdfRead(new TextFileSource())).apply(groupBy((line: string) => line.length));
    const proto = earliestPieceTimestamps(pipeline.getProto());
    const components = proto.components!;
    const outputTimeOf = (pcollectionId: string) => components.windowingStrategies[components.pcollections[pcollectionId]!.windowingStrategyId]!.outputTime;
    const groupByKeys = Object.values(components.transforms).filter((t) => t.spec?.urn === "beam:transform:group_by_key:v1");
    expect(groupByKeys).toHaveLength(2);
    for (const gbk of groupByKeys) {
      const expected = gbk.uniqueName.includes("/Reshuffle/") ? OutputTime_Enum.EARLIEST_IN_PANE : OutputTime_Enum.END_OF_WINDOW;
      for (const id of [...Object.values(gbk.inputs), ...Object.values(gbk.outputs)]) expect(outputTimeOf(id), gbk.uniqueName).toBe(expected);
    }
  });
});
