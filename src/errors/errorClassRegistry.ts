/** A class that can be rebuilt on the far side of a boundary. */
export type ErrorClass = abstract new (...args: never[]) => Error;

const BUILT_IN: readonly ErrorClass[] = [Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError];
const classes = new Map<string, ErrorClass>(BUILT_IN.map((c) => [c.name, c]));

/**
 * Makes an error class known to `deserializeError`, so that errors of it keep their class
 * across worker threads and processes. sdfkit's own classes register themselves; a connector
 * author registers theirs once, at module load, beside the class.
 *
 * @param errorClass - the class; its `name` is the key
 * @example
 * ```ts
 * export class QuotaExceededError extends TransientIoError {}
 * registerErrorClass(QuotaExceededError);
 * ```
 */
export function registerErrorClass(errorClass: ErrorClass): void {
  classes.set(errorClass.name, errorClass);
}

/**
 * The class registered under `name`, if any.
 *
 * @param name - an error's `name`
 * @returns the class, or undefined when none is registered
 */
export function errorClassNamed(name: string): ErrorClass | undefined {
  return classes.get(name);
}
