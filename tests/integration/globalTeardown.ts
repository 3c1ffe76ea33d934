export default async function globalTeardown(): Promise<void> {
  await globalThis.orderTrackerSimulator?.stop();
  globalThis.orderTrackerSimulator = undefined;
  await globalThis.orderTrackerScratchJaeger?.stop();
  globalThis.orderTrackerScratchJaeger = undefined;
  await globalThis.orderTrackerBackends?.stop();
  globalThis.orderTrackerBackends = undefined;
}
