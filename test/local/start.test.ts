/**
 * `npm start` notices when DynamoDB Local, the process it started, dies: it stops with a clear message and
 * exit code 1, instead of answering SERVICE_UNAVAILABLE to every request from then on.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../functions/local/dynamodb-local';

const ROOT = join(import.meta.dirname, '../..');

describe('npm start', () => {
  it('stops with a clear message and exit code 1 when DynamoDB Local dies', async () => {
    // Prepare: npm start's own process, with its own data folder and port (not the test run's DynamoDB Local)
    const dataDir = mkdtempSync(join(tmpdir(), 'agora-start-'));
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(await freePort()), AGORA_DATA_DIR: dataDir, LOG_LEVEL: 'ERROR' };
    for (const name of ['DYNAMODB_ENDPOINT', 'TABLE_NAME', 'AGORA_STAGE']) delete env[name];
    const started = spawn(process.execPath, ['--import', 'tsx', 'functions/local/start.ts', '--in-memory'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    started.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => started.once('exit', (code) => resolve(code)));
    const pid = await new Promise<number>((resolve, reject) => {
      started.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /DynamoDB Local started \(pid (\d+)\)/.exec(stdout);
        if (match) resolve(Number(match[1]));
      });
      void exited.then(() => reject(new Error(`npm start exited early: ${stdout}${stderr}`)));
    });

    // Act
    process.kill(pid, 'SIGKILL');
    const code = await exited;

    // Assess
    rmSync(dataDir, { recursive: true, force: true });
    expect(code).toBe(1);
    expect(stderr).toContain(`DynamoDB Local (pid ${pid}) stopped unexpectedly (signal SIGKILL)`);
    expect(stderr).toContain('Run npm start again');
  }, 120_000);
});
