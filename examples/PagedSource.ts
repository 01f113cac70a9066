import {
  OffsetRange,
  OffsetRangeTracker,
  SplittableDoFn,
  type ProcessContext,
} from "../src/index.js";

/** One record of the example API. */
export interface Item {
  readonly page: number;
  readonly id: string;
}

/** A stand-in for a paged HTTP API: `pages` pages of `perPage` items each. */
export interface PagedApi {
  pageCount(collection: string): Promise<number>;
  fetchPage(collection: string, page: number): Promise<Item[]>;
}

/**
 * The README's example connector: reads every item of a paged API, one claim per page, so a
 * runner can split the page range across workers and checkpoint between pages.
 */
export class PagedSource extends SplittableDoFn<string, Item, OffsetRange> {
  constructor(private readonly api: PagedApi) {
    super();
  }
  async initialRestriction(collection: string): Promise<OffsetRange> {
    return new OffsetRange(0, await this.api.pageCount(collection));
  }
  override splitRestriction(_collection: string, pages: OffsetRange): OffsetRange[] {
    return pages.split(10);
  }
  newTracker(_collection: string, pages: OffsetRange): OffsetRangeTracker {
    return new OffsetRangeTracker(pages);
  }
  async processElement(ctx: ProcessContext<string, Item, OffsetRange, number, unknown>): Promise<void> {
    for (let page = ctx.tracker.currentRestriction().from; ctx.tracker.tryClaim(page); page++) {
      for (const item of await this.api.fetchPage(ctx.element, page)) await ctx.output(item);
    }
  }
}

/** An in-memory {@link PagedApi} with `pages` pages of `perPage` items. */
export function fakePagedApi(pages: number, perPage: number): PagedApi {
  return {
    pageCount: async () => pages,
    fetchPage: async (collection, page) =>
      Array.from({ length: perPage }, (_, i) => ({ page, id: `${collection}-${page}-${i}` })),
  };
}
