/** The Fn API URNs of Beam's SDF expansion, which a portable runner sends to the worker. */
export const SDF_URNS = {
  pairWithRestriction: "beam:transform:sdf_pair_with_restriction:v1",
  splitAndSize: "beam:transform:sdf_split_and_size_restrictions:v1",
  processSized: "beam:transform:sdf_process_sized_element_and_restrictions:v1",
  truncateSized: "beam:transform:sdf_truncate_sized_restrictions:v1",
} as const;

/** The DoFn URN inside the ParDo that `portableRunner` gives a portable runner for each `sdfRead`. */
export const SDFKIT_SPLITTABLE_DOFN_URN = "sdfkit:dofn:splittable:v1";
