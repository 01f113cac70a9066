/**
 * What a `LogSource` claims: the offset of a record in a partition, or the discovery of new
 * partitions (which adds them to the restriction, each from its start offset).
 */
export type LogPosition =
  | { readonly partition: number; readonly offset: number }
  | { readonly discovered: readonly { readonly partition: number; readonly from: number }[] };
