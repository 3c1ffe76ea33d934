import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';

/** A port on 127.0.0.1 that was free a moment ago (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('could not pick a free port'))));
    });
  });
}

export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  // Bounded: the OS hands out distinct ephemeral ports, so a few extra tries are plenty.
  for (let attempt = 0; ports.size < count && attempt < count * 10; attempt++) {
    ports.add(await freePort());
  }
  if (ports.size < count) {
    throw new Error(`could not pick ${count} free ports`);
  }
  return [...ports];
}

export interface ManagedProcess {
  name: string;
  pid: number;
  logFile: string;
  /** Resolves once the process has exited; never rejects. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

const running = new Set<ManagedProcess>();

// A test run that dies must not leave servers behind: stop every child we started, by PID.
process.once('exit', () => {
  for (const child of running) {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** Starts a server process, its output going to `logFile`; `stop()` ends it by PID. */
export function startProcess(
  name: string,
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; logFile: string }
): ManagedProcess {
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const child: ChildProcess = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  if (child.pid === undefined) {
    throw new Error(`${name} did not start (${command})`);
  }
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
  const managed: ManagedProcess = {
    name,
    pid: child.pid,
    logFile: options.logFile,
    exited,
    async stop() {
      running.delete(managed);
      if (child.exitCode !== null || child.signalCode !== null) {
        return;
      }
      child.kill('SIGTERM');
      const done = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
      if (!done) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
  running.add(managed);
  return managed;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `probe` until it returns true, at most `timeoutMs`; fails with the process log's tail when
 * the process died or time ran out.
 */
export async function waitUntil(
  what: string,
  probe: () => Promise<boolean>,
  options: { timeoutMs: number; intervalMs?: number; process?: ManagedProcess; logTail?: () => string }
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let exited = false;
  options.process?.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) {
      throw new Error(`${what}: the process exited before it was ready.\n${options.logTail?.() ?? ''}`);
    }
    if (await probe().catch(() => false)) {
      return;
    }
    await sleep(options.intervalMs ?? 100);
  }
  throw new Error(`${what}: not ready after ${options.timeoutMs} ms.\n${options.logTail?.() ?? ''}`);
}
