/**
 * What the primary and its workers say to each other over node:cluster's IPC channel. Every message carries a
 * `strangler` type, so prom-client's own cluster messages (its metrics aggregation) pass by untouched.
 */

/** Worker → primary: the traffic listener is bound (sent once per worker). */
export interface ListeningMessage {
  type: 'strangler:listening';
  url: string;
}

/** Primary → worker: answer this admin request as your admin API would (`admin.inject`). */
export interface AdminRequestMessage {
  type: 'strangler:admin';
  id: number;
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  /** The request body (JSON text), for POST and DELETE. */
  payload?: string;
}

/** Primary → worker: your metrics as prom-client's `getMetricsAsJSON()` (the reply's body), for the aggregation. */
export interface MetricsRequestMessage {
  type: 'strangler:metrics';
  id: number;
}

/** Primary → worker: pin or unpin a route; `audit: false` when another worker already logged the change. */
export interface PinMessage {
  type: 'strangler:pin';
  id: number;
  op: 'pin' | 'unpin';
  route: string;
  stage?: unknown;
  reason?: unknown;
  audit: boolean;
}

/** Worker → primary: the answer to an AdminRequestMessage or a PinMessage (the admin API's status and JSON body). */
export interface ReplyMessage {
  type: 'strangler:reply';
  id: number;
  status: number;
  /** The answer's headers (the dashboard page's security headers among them), less the framing ones. */
  headers: Record<string, string>;
  body: string;
}

/** Worker → primary: the automatic rollback pinned a route here; the primary pins it on the other workers. */
export interface RolledBackMessage {
  type: 'strangler:rolled-back';
  route: string;
  stage: string;
  reason: string;
}

export type PrimaryMessage = AdminRequestMessage | MetricsRequestMessage | PinMessage;
export type WorkerMessage = ListeningMessage | ReplyMessage | RolledBackMessage;

/** The pins a worker applies before it listens: a replaced worker serves the fleet's pins from its first request. */
export const PINS_ENV = 'STRANGLER_CLUSTER_PINS';

export interface FleetPin {
  route: string;
  stage: string;
  reason: string;
}

export function isMessage<T extends { type: string }>(value: unknown, type: T['type']): value is T {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === type;
}
