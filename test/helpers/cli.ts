import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

/** Runs `npm run cli -- ...args` as an operator would, with `input` on standard input (a password). */
export function runCli(databasePath: string, args: string[], input = '', env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: root, env: { ...process.env, DATABASE_PATH: databasePath, ...env }, stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '', stderr = '';
    child.stdout.on('data', (chunk) => { stdout += String(chunk); });
    child.stderr.on('data', (chunk) => { stderr += String(chunk); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** Adds a supporter through the CLI (the password piped in); fails loudly if it is refused. */
export async function addSupporterByCli(databasePath: string, person: { email: string; name: string; role: string; password: string }) {
  const done = await runCli(databasePath, ['add-supporter', '--email', person.email, '--name', person.name, '--role', person.role], `${person.password}\n`);
  if (done.code !== 0) throw new Error(`add-supporter failed (${done.code}): ${done.stderr}`);
}
