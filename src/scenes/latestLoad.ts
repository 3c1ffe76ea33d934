/** What a scene does with each end of a load. */
export interface LoadHandlers<T> {
  /** Before the load starts (show loading). */
  start?: () => void;
  done: (value: T) => void;
  /** The load threw: a message to show instead of a page stuck on "loading". */
  failed: (message: string) => void;
}

/**
 * One load at a time for a scene: a new load aborts the one before it (its HTTP requests are
 * cancelled through the signal), answers of a superseded load are dropped, and a load that throws
 * ends in `failed` with a message, never in an unhandled rejection or an endless spinner.
 */
export class LatestLoad {
  private controller?: AbortController;

  async run<T>(load: (signal: AbortSignal) => Promise<T>, handlers: LoadHandlers<T>): Promise<void> {
    this.cancel();
    const controller = new AbortController();
    this.controller = controller;
    handlers.start?.();
    let value: T;
    try {
      value = await load(controller.signal);
    } catch (error) {
      if (!controller.signal.aborted) {
        handlers.failed(errorMessage(error));
      }
      return;
    }
    if (!controller.signal.aborted) {
      handlers.done(value);
    }
  }

  /** Aborts the load in flight, if any (the scene was deactivated or its input changed). */
  cancel(): void {
    this.controller?.abort();
    this.controller = undefined;
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    return error.message;
  }
  return typeof error === 'string' ? error : 'an unexpected error';
}
