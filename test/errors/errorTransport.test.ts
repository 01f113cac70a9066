import { describe, expect, it } from "vitest";
import { CORE_ERROR_CLASSES } from "../../src/errors/coreErrorClasses.js";
import { registerErrorClass } from "../../src/errors/errorClassRegistry.js";
import { deserializeError, serializeError } from "../../src/errors/errorTransport.js";
import { InputNotFoundError } from "../../src/errors/InputNotFoundError.js";
import { SdfError } from "../../src/errors/SdfError.js";
import { TransientIoError } from "../../src/errors/TransientIoError.js";
import { WorkItemFailedError } from "../../src/errors/WorkItemFailedError.js";
import { readdirSync } from "node:fs";

/** Through structured clone, as `postMessage` sends it to and from a worker thread. */
const across = (error: unknown): Error => deserializeError(structuredClone(serializeError(error)));

type AnyErrorClass = new (message: string, options?: { context?: { input?: string }; cause?: unknown }) => SdfError;

describe("errors across a thread or process boundary", () => {
  it("every class in src/errors/ is registered (a new class cannot be forgotten)", () => {
    const files = readdirSync(new URL("../../src/errors/", import.meta.url)).filter((f) => f.endsWith("Error.ts"));
    expect(CORE_ERROR_CLASSES.map((c) => `${c.name}.ts`).sort()).toEqual(files.sort());
  });

  it.each(CORE_ERROR_CLASSES.filter((c) => c !== WorkItemFailedError).map((c) => [c.name, c] as const))(
    "%s keeps its class, retriable, context, message, stack and cause",
    (_name, errorClass) => {
      const original = new (errorClass as unknown as AnyErrorClass)("what happened; what to do", {
        context: { input: "s3://bucket/key" },
        cause: new TypeError("root cause"),
      });
      const rebuilt = across(original);
      expect(rebuilt).toBeInstanceOf(errorClass);
      expect(rebuilt).toBeInstanceOf(SdfError);
      const sdf = rebuilt as SdfError;
      expect(sdf.name).toBe(original.name);
      expect(sdf.message).toBe(original.message);
      expect(sdf.stack).toBe(original.stack);
      expect(sdf.retriable).toBe(original.retriable);
      expect(sdf.context).toEqual({ input: "s3://bucket/key" });
      expect(sdf.cause).toBeInstanceOf(TypeError);
      expect((sdf.cause as Error).message).toBe("root cause");
    },
  );

  it("WorkItemFailedError keeps its own fields and a typed cause two levels deep", () => {
    const root = new TransientIoError("connection reset", { context: { input: "kafka://t/0" } });
    const original = new WorkItemFailedError("t", "[0, 10)", new InputNotFoundError("no such file", { cause: root }));
    const rebuilt = across(original) as WorkItemFailedError;
    expect(rebuilt).toBeInstanceOf(WorkItemFailedError);
    expect(rebuilt.restriction).toBe("[0, 10)");
    expect(rebuilt.element).toBe("t");
    expect(rebuilt.cause).toBeInstanceOf(InputNotFoundError);
    const deepest = (rebuilt.cause as Error).cause as TransientIoError;
    expect(deepest).toBeInstanceOf(TransientIoError);
    expect(deepest.retriable).toBe(true);
    expect(deepest.context).toEqual({ input: "kafka://t/0" });
  });

  it("a connector's own class keeps its class once registered; an unknown one stays an SdfError of the same name", () => {
    class QuotaExceededError extends TransientIoError {}
    const unknown = across(new QuotaExceededError("quota"));
    expect(unknown).toBeInstanceOf(SdfError);
    expect(unknown.name).toBe("QuotaExceededError");
    expect((unknown as SdfError).retriable).toBe(true);
    registerErrorClass(QuotaExceededError);
    expect(across(new QuotaExceededError("quota"))).toBeInstanceOf(QuotaExceededError);
  });

  it("built-in errors and thrown non-errors", () => {
    const range = across(new RangeError("out of range"));
    expect(range).toBeInstanceOf(RangeError);
    expect(range.message).toBe("out of range");
    expect(across("a string").message).toBe("a string");
    const withValueCause = across(new Error("outer", { cause: { code: 7 } }));
    expect(withValueCause.cause).toEqual({ code: 7 });
  });
});
