// Custom messages between our server and our client (the client declares the same shape in client/src/extension.ts).

/** Notification `k8sPersistence/status`, sent after each analysis. */
export const STATUS_NOTIFICATION = 'k8sPersistence/status';

export interface StatusParams {
  /** How many open documents have been analysed at least once. */
  readonly analysedDocuments: number;
}

/** The configuration section the server reads (`k8sPersistence.*`). */
export const SETTINGS_SECTION = 'k8sPersistence';
