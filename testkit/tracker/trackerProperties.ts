import fc from "fast-check";
import type { RestrictionTracker } from "../../src/restrictions/RestrictionTracker.js";
import { ConformanceViolation } from "../ConformanceReport.js";
import { show } from "../seed.js";
import type { TrackerConformanceConfig } from "./TrackerConformanceConfig.js";

/** A tracker property: its name, its fast-check property, and how to print a counterexample. @internal */
export interface TrackerProperty {
  readonly name: string;
  readonly property: fc.IProperty<[unknown, ...unknown[]]>;
  readonly describe: (args: [unknown, ...unknown[]]) => string;
}

function violation(property: string, message: string): never {
  throw new ConformanceViolation(property, message);
}

const keysOf = <P>(positions: readonly P[]): string[] => positions.map(show);

/** Claims every position of `tracker` from index `from`, then the finish position; returns what was claimed. */
function readToEnd<R, P>(config: TrackerConformanceConfig<R, P>, tracker: RestrictionTracker<R, P>, candidates: readonly P[]): P[] {
  const claimed: P[] = [];
  for (const position of candidates) {
    if (!tracker.tryClaim(position)) return claimed;
    claimed.push(position);
  }
  if (config.finish !== undefined && tracker.tryClaim(config.finish)) {
    violation("finish-claim", `tryClaim(${show(config.finish)}) returned true; the finishing position must return false`);
  }
  return claimed;
}

/** Builds every tracker property over `config`. @internal */
export function trackerProperties<R, P>(config: TrackerConformanceConfig<R, P>): TrackerProperty[] {
  const equals = config.equals ?? ((a: R, b: R) => String(a) === String(b));
  const withPositions = config.restrictions.map((restriction) => ({ restriction, positions: config.positions(restriction) }));
  const claimsAndFraction = withPositions.chain((r) =>
    fc.record({
      restriction: fc.constant(r.restriction),
      claims: fc.integer({ min: 0, max: r.positions.length }),
      fraction: fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
    }),
  );
  const describeClaims = ([args]: [unknown, ...unknown[]]): string => {
    const { restriction, claims, fraction } = args as { restriction: R; claims: number; fraction: number };
    return `restriction ${show(restriction)}: claim the first ${claims} positions, then trySplit(${fraction})`;
  };
  const props: TrackerProperty[] = [];
  const add = <T>(name: string, arb: fc.Arbitrary<T>, check: (value: T) => void, describe: (value: T) => string): void => {
    props.push({
      name,
      property: fc.property(arb, (value) => check(value)) as unknown as fc.IProperty<[unknown, ...unknown[]]>,
      describe: ([value]) => describe(value as T),
    });
  };

  add(
    "claims-increase",
    withPositions,
    ({ restriction, positions }) => {
      if (positions.length === 0) return; // nothing to claim (a filter could spin forever)
      const tracker = config.newTracker(restriction);
      for (const p of positions) if (!tracker.tryClaim(p)) violation("claims-increase", `tryClaim(${show(p)}) inside ${show(restriction)} returned false`);
      const last = positions[positions.length - 1]!;
      let threw = false;
      try {
        tracker.tryClaim(last);
      } catch {
        threw = true;
      }
      if (!threw) violation("claims-increase", `claiming ${show(last)} twice did not throw`);
    },
    ({ restriction }) => `restriction ${show(restriction)}: claim every position in order, then the last one again`,
  );

  if (config.unsplittable === true) {
    add(
      "unsplittable",
      claimsAndFraction,
      ({ restriction, claims, fraction }) => {
        const tracker = config.newTracker(restriction);
        for (const p of config.positions(restriction).slice(0, claims)) tracker.tryClaim(p);
        for (const f of [fraction, 0]) {
          if (tracker.trySplit(f) !== null) violation("unsplittable", `trySplit(${f}) of an unsplittable tracker returned a split`);
        }
      },
      ({ restriction, claims, fraction }) => describeClaims([{ restriction, claims, fraction }]),
    );
  }

  if (config.unsplittable !== true) add(
    "split-tiling",
    claimsAndFraction,
    ({ restriction, claims, fraction }) => {
      const tracker = config.newTracker(restriction);
      const all = config.positions(restriction);
      for (const p of all.slice(0, claims)) tracker.tryClaim(p);
      const before = tracker.currentRestriction();
      const split = tracker.trySplit(fraction);
      if (split === null) return;
      if (!equals(tracker.currentRestriction(), split.primary)) {
        violation("split-tiling", `after the split currentRestriction() is ${show(tracker.currentRestriction())}, not the primary ${show(split.primary)}`);
      }
      const primary = keysOf(config.positions(split.primary));
      const residual = keysOf(config.positions(split.residual));
      const whole = keysOf(config.positions(before));
      if ([...primary, ...residual].join("|") !== whole.join("|")) {
        violation("split-tiling", `primary ${show(split.primary)} and residual ${show(split.residual)} do not tile ${show(before)} in order without overlap`);
      }
      for (const claimed of keysOf(all.slice(0, claims))) {
        if (!primary.includes(claimed)) violation("split-tiling", `claimed position ${claimed} is not in the primary ${show(split.primary)}`);
      }
      const firstResidual = config.positions(split.residual)[0];
      if (firstResidual !== undefined && tracker.tryClaim(firstResidual)) {
        violation("split-tiling", `tryClaim(${show(firstResidual)}) beyond the primary ${show(split.primary)} returned true`);
      }
    },
    ({ restriction, claims, fraction }) => describeClaims([{ restriction, claims, fraction }]),
  );

  if (config.unsplittable !== true) add(
    "checkpoint",
    claimsAndFraction,
    ({ restriction, claims }) => {
      const tracker = config.newTracker(restriction);
      const claimed = config.positions(restriction).slice(0, claims);
      for (const p of claimed) tracker.tryClaim(p);
      const split = tracker.trySplit(0);
      if (split === null) {
        try {
          tracker.checkDone();
        } catch (error) {
          violation("null-checkpoint-means-done", `trySplit(0) returned null but checkDone() throws: ${String(error)}`);
        }
        return;
      }
      const primary = keysOf(config.positions(split.primary));
      if (primary.join("|") !== keysOf(claimed).join("|")) {
        violation("checkpoint", `trySplit(0) after claiming [${keysOf(claimed).join(", ")}] kept primary ${show(split.primary)} holding [${primary.join(", ")}]`);
      }
      try {
        tracker.checkDone();
      } catch (error) {
        violation("checkpoint", `checkDone() throws right after a checkpoint: ${String(error)}`);
      }
    },
    ({ restriction, claims }) => `restriction ${show(restriction)}: claim the first ${claims} positions, then trySplit(0)`,
  );

  add(
    "check-done",
    claimsAndFraction,
    ({ restriction, claims }) => {
      const tracker = config.newTracker(restriction);
      const all = config.positions(restriction);
      if (claims >= all.length) return; // everything claimed: nothing left to detect
      for (const p of all.slice(0, claims)) tracker.tryClaim(p);
      let threw = false;
      try {
        tracker.checkDone();
      } catch {
        threw = true;
      }
      if (!threw) violation("check-done", `checkDone() passed with ${all.length - claims} positions of ${show(restriction)} unclaimed`);
      readToEnd(config, tracker, all.slice(claims));
      try {
        tracker.checkDone();
      } catch (error) {
        violation("check-done", `checkDone() throws after every position was claimed: ${String(error)}`);
      }
    },
    ({ restriction, claims }) => `restriction ${show(restriction)}: claim the first ${claims} positions, checkDone(), claim the rest, checkDone()`,
  );

  add(
    "progress",
    withPositions,
    ({ restriction, positions }) => {
      const tracker = config.newTracker(restriction);
      let lastCompleted = -Infinity;
      const check = (when: string): void => {
        const { workCompleted, workRemaining } = tracker.getProgress();
        if (!(workCompleted >= 0) || !(workRemaining >= 0)) violation("progress", `progress ${when} is {${workCompleted}, ${workRemaining}}: negative or NaN`);
        if (tracker.isBounded() && !Number.isFinite(workCompleted + workRemaining)) violation("progress", `progress ${when} is not finite for a bounded restriction`);
        if (workCompleted < lastCompleted) violation("progress", `workCompleted went down from ${lastCompleted} to ${workCompleted} ${when}`);
        lastCompleted = workCompleted;
      };
      check("before any claim");
      for (const p of positions) {
        tracker.tryClaim(p);
        check(`after claiming ${show(p)}`);
      }
    },
    ({ restriction }) => `restriction ${show(restriction)}: claim every position, reading getProgress() after each`,
  );

  add(
    "conservation",
    withPositions.chain((r) =>
      fc.record({
        restriction: fc.constant(r.restriction),
        steps: fc.array(fc.record({ claims: fc.integer({ min: 0, max: Math.max(1, r.positions.length) }), fraction: fc.double({ min: 0, max: 1, noNaN: true }) }), { maxLength: 6 }),
      }),
    ),
    ({ restriction, steps }) => {
      const seen: string[] = [];
      const queue: R[] = [restriction];
      let step = 0;
      while (queue.length > 0) {
        const piece = queue.shift()!;
        const tracker = config.newTracker(piece);
        const candidates = config.positions(piece);
        const plan = steps[step++];
        let index = 0;
        if (plan !== undefined) {
          for (; index < Math.min(plan.claims, candidates.length); index++) {
            if (!tracker.tryClaim(candidates[index]!)) break;
            seen.push(show(candidates[index]!));
          }
          const split = tracker.trySplit(plan.fraction);
          if (split !== null) queue.push(config.coder ? config.coder.decode(config.coder.encode(split.residual)) : split.residual);
        }
        const rest = readToEnd(config, tracker, candidates.slice(index));
        seen.push(...keysOf(rest));
        try {
          tracker.checkDone();
        } catch (error) {
          violation("conservation", `checkDone() throws after reading piece ${show(piece)} to its end: ${String(error)}`);
        }
        if (step > 1000) violation("conservation", "more than 1000 pieces: splits never converge");
      }
      const expected = keysOf(config.positions(restriction));
      const sorted = [...seen].sort();
      if (sorted.join("|") !== [...expected].sort().join("|")) {
        violation("conservation", `reading every piece claimed [${seen.join(", ")}] but ${show(restriction)} holds [${expected.join(", ")}]`);
      }
    },
    ({ restriction, steps }) =>
      `restriction ${show(restriction)}: ` +
      steps.map((s, i) => `piece ${i + 1}: claim ${s.claims}, trySplit(${s.fraction}), read to end`).join("; "),
  );

  if (config.coder !== undefined) {
    const coder = config.coder;
    add(
      "coder-round-trip",
      claimsAndFraction,
      ({ restriction, claims, fraction }) => {
        const values: R[] = [restriction];
        const tracker = config.newTracker(restriction);
        for (const p of config.positions(restriction).slice(0, claims)) tracker.tryClaim(p);
        const split = tracker.trySplit(fraction);
        if (split !== null) values.push(split.primary, split.residual);
        for (const value of values) {
          const decoded = coder.decode(coder.encode(value));
          if (!equals(decoded, value) || keysOf(config.positions(decoded)).join("|") !== keysOf(config.positions(value)).join("|")) {
            violation("coder-round-trip", `${show(value)} decodes as ${show(decoded)}`);
          }
        }
      },
      ({ restriction, claims, fraction }) => describeClaims([{ restriction, claims, fraction }]),
    );
  }
  return props;
}
