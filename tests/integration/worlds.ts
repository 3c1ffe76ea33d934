import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The worlds a test file seeds, one Jaeger each, by key, with one working folder for their logs and
 * truth files: `stop()` (in afterAll) stops every Jaeger and removes the folder.
 */
export class SeededWorlds<W extends { key: string; jaeger: { stop(): Promise<void> } }> {
  private readonly byKey = new Map<string, W>();
  private dir: string | undefined;

  constructor(private readonly prefix: string) {}

  /** The working folder, made on first use. */
  get folder(): string {
    this.dir ??= mkdtempSync(join(tmpdir(), `ordertracker-${this.prefix}-`));
    return this.dir;
  }

  add(world: W): W {
    this.byKey.set(world.key, world);
    return world;
  }

  get(key: string): W {
    const world = this.byKey.get(key);
    if (!world) {
      throw new Error(`world ${key} was not seeded`);
    }
    return world;
  }

  all(): W[] {
    return [...this.byKey.values()];
  }

  async stop(): Promise<void> {
    await Promise.all(this.all().map((world) => world.jaeger.stop()));
    if (this.dir) {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
