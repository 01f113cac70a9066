/**
 * Where a worker thread can load a source from: a module URL, the name of an exported class
 * (constructed with `options`) or of an exported instance, and plain options (structured-clone
 * friendly). A source opts into worker threads by returning one from `moduleReference()`.
 *
 * @example
 * ```ts
 * override moduleReference() {
 *   return { url: import.meta.url, exportName: "CsvSource", options: this.options };
 * }
 * ```
 */
export interface SdfModuleReference {
  /** `import.meta.url` of the module that exports the source. */
  readonly url: string;
  /** The exported class (called with `new`) or instance. */
  readonly exportName: string;
  /** The constructor's single argument. */
  readonly options?: unknown;
}
