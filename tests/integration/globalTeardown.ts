export default async function globalTeardown(): Promise<void> {
  await globalThis.orderTrackerBackends?.stop();
  globalThis.orderTrackerBackends = undefined;
}
