/** How decoders turn an event's path into the app's path. */
export interface DecodeOptions {
  /** A prefix to remove from every path (`/api` serves `/api/items` as `/items`), e.g. a custom-domain base path. */
  basePath?: string;
  /** Remove a named 2.0 stage (`/prod`) from the front of `rawPath`. Default true. */
  stripStage?: boolean;
}
