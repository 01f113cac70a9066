import { InvalidOptionError } from "../../src/errors/InvalidOptionError.js";
import type { LogEnd, LogReadOptions, LogSourceOptions, LogStart } from "./LogSourceOptions.js";

/**
 * {@link LogSourceOptions} checked, defaults filled in (the decoders and the log apart).
 * @internal
 */
export type LogSourceSettings = Required<Omit<LogReadOptions, "until" | "commitOffsets" | "decodeKey" | "decodeValue">> & Pick<LogReadOptions, "until" | "commitOffsets">;

/**
 * Checks the options of a `LogSource` and fills in the defaults.
 *
 * @param options - what the caller gave `LogSource`
 * @returns the settings: `from` "earliest", `timestamps` "record", `idleWatermarkLagMs` 2000,
 *   `maxRecordsPerFetch` 1000, `fetchWaitMs` 100, `pollIntervalMs` 200, `discoveryIntervalMs`
 *   5000 and `now` `Date.now` unless given
 * @throws {@link InvalidOptionError} for a missing log or a bad option, naming it and the value received
 * @example
 * ```ts
 * logSourceSettings({ log, fetchWaitMs: -1 }); // throws: Expected `fetchWaitMs` to be an integer >= 0 ms, got -1.
 * ```
 * @internal
 */
export function logSourceSettings<K, V>(options: LogSourceOptions<K, V>): LogSourceSettings {
  if (options === undefined || typeof options.log?.fetch !== "function") {
    throw new InvalidOptionError("Expected `log` to be a PartitionedLog (e.g. a MemoryLog), got none");
  }
  checkStart(options.from);
  checkEnd(options.until);
  for (const name of ["idleWatermarkLagMs", "fetchWaitMs", "pollIntervalMs", "discoveryIntervalMs"] as const) {
    const value = options[name];
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= 0)) {
      throw new InvalidOptionError(`Expected \`${name}\` to be an integer >= 0 ms, got ${String(value)}.`);
    }
  }
  if (options.maxRecordsPerFetch !== undefined && !(Number.isSafeInteger(options.maxRecordsPerFetch) && options.maxRecordsPerFetch >= 1)) {
    throw new InvalidOptionError(`Expected \`maxRecordsPerFetch\` to be an integer >= 1, got ${String(options.maxRecordsPerFetch)}.`);
  }
  if (options.commitOffsets !== undefined && !(typeof options.commitOffsets.groupId === "string" && options.commitOffsets.groupId !== "")) {
    throw new InvalidOptionError("Expected `commitOffsets.groupId` to be a non-empty string.");
  }
  if (options.timestamps !== undefined && options.timestamps !== "record" && options.timestamps !== "processing") {
    throw new InvalidOptionError(`Expected \`timestamps\` to be "record" or "processing", got ${String(options.timestamps)}.`);
  }
  return {
    from: options.from ?? "earliest",
    until: options.until,
    commitOffsets: options.commitOffsets,
    timestamps: options.timestamps ?? "record",
    idleWatermarkLagMs: options.idleWatermarkLagMs ?? 2000,
    maxRecordsPerFetch: options.maxRecordsPerFetch ?? 1000,
    fetchWaitMs: options.fetchWaitMs ?? 100,
    pollIntervalMs: options.pollIntervalMs ?? 200,
    discoveryIntervalMs: options.discoveryIntervalMs ?? 5000,
    now: options.now ?? Date.now,
  };
}

function checkStart(from: LogStart | undefined): void {
  if (from === undefined || from === "earliest" || from === "latest") return;
  if (typeof from === "object" && from !== null && "timestamp" in from && Number.isSafeInteger(from.timestamp)) return;
  if (typeof from === "object" && from !== null && "committedBy" in from) {
    const { committedBy, otherwise } = from;
    if (typeof committedBy === "string" && committedBy !== "" && (otherwise === undefined || otherwise === "earliest" || otherwise === "latest")) return;
  }
  throw new InvalidOptionError(
    `Expected \`from\` to be "earliest", "latest", { timestamp: <epoch ms> } or { committedBy: <group id>, otherwise?: "earliest" | "latest" }, got ${JSON.stringify(from)}.`,
  );
}

function checkEnd(until: LogEnd | undefined): void {
  if (until === undefined || until === "latest") return;
  if (typeof until === "object" && until !== null && Number.isSafeInteger(until.timestamp)) return;
  throw new InvalidOptionError(`Expected \`until\` to be "latest" or { timestamp: <epoch ms> }, got ${JSON.stringify(until)}.`);
}
