import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { tempDir } from './app.ts';

const root = path.resolve(import.meta.dirname, '../..');

export interface RunningServer {
  url: string;
  databasePath: string;
  process: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
  kill9(): Promise<void>;
}

/** Starts Lineup as its own process (real HTTP, real SQLite file), on a free port. */
export async function startServer(options: { databasePath?: string; env?: Record<string, string> } = {}): Promise<RunningServer> {
  const databasePath = options.databasePath ?? path.join(tempDir(), 'lineup.sqlite');
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    // The server's log at its real level (the tests' own in-process apps are silent): its start line says the port.
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_PATH: databasePath, WHEN_NOBODY: 'line', LOG_LEVEL: 'info', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (d) => { output += d; });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
    child.stdout!.on('data', (d) => {
      output += d;
      const match = output.match(/running at (http:\/\/[^\s"]+)/);
      if (match) { clearTimeout(timer); resolve(match[1]!.replace('localhost', '127.0.0.1')); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}):\n${output}`)); });
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url, databasePath, process: child, output: () => output,
    async stop() { if (child.exitCode === null) { child.kill('SIGTERM'); await exited; } },
    async kill9() { child.kill('SIGKILL'); await exited; },
  };
}
