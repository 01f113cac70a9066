import { SdfError } from "./SdfError.js";

/**
 * A work item failed: wraps the original error (`cause`) with the element and restriction it
 * came from. Retriable when the original error is.
 */
export class WorkItemFailedError extends SdfError {
  /** The element being processed. */
  readonly element: unknown;
  /** The restriction being processed, as text. */
  readonly restriction: string;

  /**
   * @param element - the element being processed
   * @param restriction - the restriction being processed
   * @param cause - the original error
   */
  constructor(element: unknown, restriction: unknown, cause: unknown) {
    const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(`Processing element ${describeElement(element)} with restriction ${String(restriction)} failed: ${reason}`, {
      cause,
      retriable: cause instanceof SdfError ? cause.retriable : false,
      context: { input: describeElement(element), restriction: String(restriction) },
    });
    this.element = element;
    this.restriction = String(restriction);
  }
}

function describeElement(element: unknown): string {
  if (typeof element === "string") return JSON.stringify(element);
  try {
    return JSON.stringify(element) ?? String(element);
  } catch {
    return String(element);
  }
}
