import type { SdfModuleReference } from "../sdf/SdfModuleReference.js";
import type { SplittableDoFn } from "../sdf/SplittableDoFn.js";
import { InvalidSourceError } from "../errors/InvalidSourceError.js";

/**
 * Loads a source from its module reference: the export is a class (constructed with the
 * options) or an instance.
 * @internal
 */
export async function loadModuleReference(reference: SdfModuleReference): Promise<SplittableDoFn<unknown, unknown, unknown, unknown, unknown>> {
  const module = (await import(reference.url)) as Record<string, unknown>;
  const exported = module[reference.exportName];
  if (typeof exported === "function") {
    const SourceClass = exported as new (options: unknown) => SplittableDoFn<unknown, unknown, unknown, unknown, unknown>;
    return new SourceClass(reference.options);
  }
  if (typeof exported === "object" && exported !== null) {
    return exported as SplittableDoFn<unknown, unknown, unknown, unknown, unknown>;
  }
  throw new InvalidSourceError(
    `Module ${reference.url} has no export ${reference.exportName} that is a source class or instance: check moduleReference().`,
  );
}
