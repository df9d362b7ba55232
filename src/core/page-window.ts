/** A page request in database terms: skip `offset`, take `limit` (the GraphQL layer turns cursors into it). */
export interface PageWindow {
  offset: number;
  limit: number;
}
