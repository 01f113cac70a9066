import { CORE_ERROR_CLASSES } from "./coreErrorClasses.js";
import { errorClassNamed, type ErrorClass } from "./errorClassRegistry.js";
import { SdfError, type SdfErrorContext } from "./SdfError.js";

void CORE_ERROR_CLASSES; // importing it registers the core classes

/**
 * An error as plain data, for crossing a thread or process boundary: the class by name, the
 * message and stack, and for an {@link SdfError} its `retriable`, `context` and own fields
 * (e.g. `WorkItemFailedError.restriction`). `cause` travels the same way, to any depth.
 */
export interface SerializedError {
  /** The class name (`error.name`), used to find the class again on the other side. */
  readonly name: string;
  /** The message. */
  readonly message: string;
  /** The stack, as text, from where the error was raised. */
  readonly stack?: string;
  /** Whether the error is an {@link SdfError} (so an unknown class still becomes one). */
  readonly sdf: boolean;
  /** An {@link SdfError}'s `retriable`. */
  readonly retriable?: boolean;
  /** An {@link SdfError}'s `context`. */
  readonly context?: SdfErrorContext;
  /** Further own fields that survive structured clone (e.g. `restriction`). */
  readonly fields?: Readonly<Record<string, unknown>>;
  /** The cause: serialized again when it is an error, else as it was (when cloneable). */
  readonly cause?: SerializedError | { readonly value: unknown };
}

const SKIPPED = new Set(["name", "message", "stack", "cause", "retriable", "context"]);

/**
 * An error (or any thrown value) as data that structured clone carries intact.
 *
 * @param error - what was thrown
 * @returns its serialized form
 * @example
 * ```ts
 * port.postMessage({ type: "error", error: serializeError(caught) });
 * ```
 */
export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: "Error", message: String(error), sdf: false };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (!SKIPPED.has(key) && isCloneable(value)) fields[key] = value;
  }
  const cause = error.cause === undefined ? undefined : error.cause instanceof Error ? serializeError(error.cause) : cloneableCause(error.cause);
  return {
    name: error.name,
    message: error.message,
    ...(error.stack === undefined ? {} : { stack: error.stack }),
    sdf: error instanceof SdfError,
    ...(error instanceof SdfError ? { retriable: error.retriable, context: { ...error.context } } : {}),
    ...(Object.keys(fields).length === 0 ? {} : { fields }),
    ...(cause === undefined ? {} : { cause }),
  };
}

/**
 * The error a {@link serializeError} result stands for: the same class when it is known here
 * (sdfkit's own, built-ins, or registered with `registerErrorClass`), else an
 * {@link SdfError} or `Error` of the same `name`; with its message, stack, `retriable`,
 * `context`, own fields and cause.
 *
 * @param data - a serialized error
 * @returns the rebuilt error; `instanceof` works for known classes
 */
export function deserializeError(data: SerializedError): Error {
  const known = errorClassNamed(data.name);
  const errorClass: ErrorClass = known ?? (data.sdf ? SdfError : Error);
  const error = Object.create(errorClass.prototype) as Error & Record<string, unknown>;
  const hidden = (value: unknown): PropertyDescriptor => ({ value, writable: true, configurable: true, enumerable: false });
  Object.defineProperty(error, "message", hidden(data.message));
  Object.defineProperty(error, "stack", hidden(data.stack ?? `${data.name}: ${data.message}`));
  if (data.sdf || known === undefined) error.name = data.name;
  else if (errorClass.prototype.name !== data.name) Object.defineProperty(error, "name", hidden(data.name));
  if (data.sdf) {
    error.retriable = data.retriable ?? false;
    error.context = data.context ?? {};
  }
  for (const [key, value] of Object.entries(data.fields ?? {})) error[key] = value;
  if (data.cause !== undefined) Object.defineProperty(error, "cause", hidden("name" in data.cause ? deserializeError(data.cause) : data.cause.value));
  return error;
}

function cloneableCause(cause: unknown): { value: unknown } | SerializedError {
  return isCloneable(cause) ? { value: cause } : { name: "Error", message: String(cause), sdf: false };
}

function isCloneable(value: unknown): boolean {
  if (value === null || ["string", "number", "boolean", "bigint", "undefined"].includes(typeof value)) return true;
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}
