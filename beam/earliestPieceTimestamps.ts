import { OutputTime_Enum, WindowingStrategy, type Pipeline as PipelineProto } from "apache-beam/proto/beam_runner_api";

const GROUP_BY_KEY_URN = "beam:transform:group_by_key:v1";

/** The GroupByKey inside `sdfRead`'s reshuffle, by its unique name. */
const RESHUFFLE = /sdfRead\([^/]*\)\/Reshuffle\//;

/**
 * Gives the GroupByKey inside every `sdfRead` reshuffle the EARLIEST output time, as Beam
 * Java's `Reshuffle` keeps element timestamps. With the default (end of window), pieces leave
 * the reshuffle stamped at the end of the global window, so a runner that tracks watermarks
 * (Prism, Flink) holds the reading stage's output watermark there, and records the source
 * stamps earlier are late for any event-time window downstream and dropped. Beam's direct
 * runner supports only end-of-window output times and tracks no watermarks, so it gets the
 * pipeline unchanged; portable runners get it through this rewrite.
 *
 * @param pipeline - the pipeline proto about to be submitted (modified in place)
 * @returns the same pipeline
 */
export function earliestPieceTimestamps(pipeline: PipelineProto): PipelineProto {
  const components = pipeline.components;
  if (components === undefined) return pipeline;
  const replaced = new Map<string, string>();
  for (const transform of Object.values(components.transforms)) {
    if (transform.spec?.urn !== GROUP_BY_KEY_URN || !RESHUFFLE.test(transform.uniqueName)) continue;
    for (const pcollectionId of [...Object.values(transform.inputs), ...Object.values(transform.outputs)]) {
      const pcollection = components.pcollections[pcollectionId];
      if (pcollection === undefined) continue;
      const strategyId = pcollection.windowingStrategyId;
      let earliestId = replaced.get(strategyId);
      if (earliestId === undefined) {
        const strategy = components.windowingStrategies[strategyId];
        if (strategy === undefined) continue;
        earliestId = `${strategyId}_sdfkit_earliest`;
        components.windowingStrategies[earliestId] = { ...WindowingStrategy.clone(strategy), outputTime: OutputTime_Enum.EARLIEST_IN_PANE };
        replaced.set(strategyId, earliestId);
      }
      pcollection.windowingStrategyId = earliestId;
    }
  }
  return pipeline;
}
