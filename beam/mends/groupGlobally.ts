import { createRequire } from "node:module";
import type { PCollection } from "apache-beam/pvalue";

const require = createRequire(import.meta.url);

interface GroupingModule {
  GroupBy: new (key: (element: unknown) => unknown) => unknown;
  GroupGlobally: { prototype: { expand(input: PCollection<unknown>): PCollection<unknown> } };
}

/** The values of a grouped `{ key, value }` pair. */
function valuesOf(grouped: { value: Iterable<unknown> }): Iterable<unknown> {
  return grouped.value;
}

/** The key every element gets under `groupGlobally()`. */
function noKey(): null {
  return null;
}

/**
 * **apache-beam 2.49.0 defect: `groupGlobally()` without a combiner yields `undefined`.** It
 * groups under a null key and then maps `kv => kv[1]`, but the group is an object
 * `{ key, value }`, not a pair, so every group comes out `undefined`.
 *
 * The mend takes `value`, the iterable of all elements.
 */
export function mendGroupGlobally(): void {
  const grouping = require("apache-beam/transforms/group_and_combine") as GroupingModule;
  grouping.GroupGlobally.prototype.expand = function expand(input: PCollection<unknown>): PCollection<unknown> {
    return input
      .apply(new grouping.GroupBy(noKey) as never)
      .map(valuesOf as never);
  };
}
