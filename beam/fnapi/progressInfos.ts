import type { MonitoringInfo } from "apache-beam/proto/metrics";

/** Beam's URNs for an SDF's work completed and remaining, read by runners that split on progress. */
export const PROGRESS_URNS = {
  completed: "beam:metric:ptransform_progress:completed:v1",
  remaining: "beam:metric:ptransform_progress:remaining:v1",
} as const;

/** The monitoring-info type of both: `beam:metrics:progress:v1`, an iterable of doubles. */
const PROGRESS_TYPE = "beam:metrics:progress:v1";

/**
 * Monitoring infos for the progress of the element a transform is processing, as Beam's Java
 * and Go harnesses report them: work completed and work remaining, each an iterable (of one)
 * double, labelled with the transform.
 * @internal
 */
export function progressInfos(transformId: string, progress: { readonly workCompleted: number; readonly workRemaining: number }): MonitoringInfo[] {
  const info = (urn: string, value: number): MonitoringInfo => ({ urn, type: PROGRESS_TYPE, payload: iterableOfOneDouble(value), labels: { PTRANSFORM: transformId } });
  return [info(PROGRESS_URNS.completed, progress.workCompleted), info(PROGRESS_URNS.remaining, progress.workRemaining)];
}

/** `beam:coder:iterable:v1` of `beam:coder:double:v1` in the outer context: a 4-byte count, then big-endian doubles. */
function iterableOfOneDouble(value: number): Uint8Array {
  const bytes = new Uint8Array(12);
  const view = new DataView(bytes.buffer);
  view.setInt32(0, 1);
  view.setFloat64(4, Number.isFinite(value) ? value : Number.MAX_VALUE);
  return bytes;
}
