import type { Viewer } from '../core/viewer.js';

/** What is logged of each request served (a GraphQL operation, or a module's HTTP route such as a file export). */
export interface RequestRecord {
  requestId: string;
  /** The GraphQL operation's name, or the HTTP route's name. */
  operation: string;
  organizationId?: string;
  viewer: Viewer['kind'];
  durationMs: number;
  sqlStatements: number;
  sqlRoundTrips: number;
  outcome: 'ok' | 'error';
  errorCodes?: unknown[];
  /** HTTP routes: the response status, and the body's size in bytes when a file was sent. */
  status?: number;
  bytes?: number;
}
