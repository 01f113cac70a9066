import { describe, expect, it } from "vitest";
import { InvalidOptionError, ProcessContinuation } from "../../src/index.js";

describe("ProcessContinuation", () => {
  it("stop does not resume", () => {
    expect(ProcessContinuation.stop().shouldResume).toBe(false);
    expect(ProcessContinuation.stop().resumeDelayMs).toBe(0);
  });

  it("resume with a delay keeps both", () => {
    const c = ProcessContinuation.resume().withResumeDelay(1_500);
    expect(c.shouldResume).toBe(true);
    expect(c.resumeDelayMs).toBe(1_500);
    expect(String(c)).toBe("resume(after 1500ms)");
  });

  it.each([-1, Number.NaN, Infinity])("rejects a delay of %s", (bad) => {
    expect(() => ProcessContinuation.resume().withResumeDelay(bad)).toThrow(InvalidOptionError);
  });
});
