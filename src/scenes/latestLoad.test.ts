import { LatestLoad } from './latestLoad';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('LatestLoad', () => {
  it('delivers the answer of the only load', async () => {
    const loads = new LatestLoad();
    const events: string[] = [];
    await loads.run(async () => 42, {
      start: () => events.push('start'),
      done: (value) => events.push(`done ${value}`),
      failed: (message) => events.push(`failed ${message}`),
    });
    expect(events).toEqual(['start', 'done 42']);
  });

  it('aborts the previous load and drops its late answer', async () => {
    const loads = new LatestLoad();
    const first = deferred<string>();
    const signals: AbortSignal[] = [];
    const done: string[] = [];
    const handlers = { done: (value: string) => done.push(value), failed: (message: string) => done.push(`failed ${message}`) };
    const firstRun = loads.run((signal) => {
      signals.push(signal);
      return first.promise;
    }, handlers);
    const secondRun = loads.run(async (signal) => {
      signals.push(signal);
      return 'second';
    }, handlers);
    first.resolve('first');
    await Promise.all([firstRun, secondRun]);
    expect(signals[0].aborted).toBe(true);
    expect(signals[1].aborted).toBe(false);
    expect(done).toEqual(['second']);
  });

  it('turns a throwing load into a message, and stays silent for a cancelled one', async () => {
    const loads = new LatestLoad();
    const failed: string[] = [];
    await loads.run(
      async () => {
        throw new Error('Jaeger answered garbage');
      },
      { done: () => failed.push('done'), failed: (message) => failed.push(message) }
    );
    expect(failed).toEqual(['Jaeger answered garbage']);

    const pending = deferred<number>();
    const run = loads.run(() => pending.promise, { done: () => failed.push('done'), failed: (message) => failed.push(message) });
    loads.cancel();
    pending.reject(new Error('request cancelled'));
    await run;
    expect(failed).toEqual(['Jaeger answered garbage']);
  });
});
