// Keeps one failing request from taking the server down: an exception in the core is logged and the
// request answers with an empty result instead.

export interface Logger {
  error(message: string): void;
}

export function guard<P extends unknown[], R>(
  logger: Logger,
  name: string,
  empty: R,
  handler: (...params: P) => R,
): (...params: P) => R {
  return (...params: P) => {
    try {
      return handler(...params);
    } catch (error) {
      logger.error(`${name} failed: ${describe(error)}`);
      return empty;
    }
  };
}

export function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
