/**
 * `npm run ide:check [-- <url>]`: opens the local GraphQL IDE in headless Chromium, runs its default query
 * and saves a screenshot — the check that the IDE works in a browser, offline. It drives Chromium over the
 * DevTools protocol with Node's own WebSocket (no browser-automation package). Needs a running
 * `npm start` (default http://localhost:4000/graphql) and Chromium (`apt-get install chromium`, or set
 * CHROMIUM=/path/to/chrome). Not part of `npm test`: CI machines have no browser, and installing one is
 * not a test's business.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const url = process.argv[2] ?? 'http://localhost:4000/graphql';
const output = process.argv[3] ?? join(tmpdir(), 'agora-ide.png');
const browser = process.env.CHROMIUM ?? '/usr/bin/chromium';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const profile = mkdtempSync(join(tmpdir(), 'agora-chromium-'));
  const chromium = spawn(
    browser,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--hide-scrollbars',
      '--window-size=1400,900',
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  try {
    const devtools = await new Promise<string>((resolve, reject) => {
      let stderr = '';
      chromium.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /DevTools listening on (ws:\/\/\S+)/.exec(stderr);
        if (match?.[1]) resolve(match[1]);
      });
      chromium.once('error', reject);
      chromium.once('exit', (code) => reject(new Error(`Chromium exited (${code}): ${stderr}`)));
    });
    const port = new URL(devtools).port;
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { type: string; webSocketDebuggerUrl: string }[];
    const page = targets.find((t) => t.type === 'page');
    if (!page) throw new Error('No page in Chromium');
    const socket = new WebSocket(page.webSocketDebuggerUrl);
    await new Promise((resolve, reject) => {
      socket.onopen = resolve;
      socket.onerror = reject;
    });
    let id = 0;
    const pending = new Map<number, (result: Record<string, any>) => void>();
    socket.onmessage = (message) => {
      const data = JSON.parse(String(message.data)) as { id?: number; result?: Record<string, any> };
      if (data.id !== undefined) pending.get(data.id)?.(data.result ?? {});
    };
    const send = (method: string, params: Record<string, unknown> = {}) =>
      new Promise<Record<string, any>>((resolve) => {
        pending.set(++id, resolve);
        socket.send(JSON.stringify({ id, method, params }));
      });
    const evaluate = async (expression: string) =>
      ((await send('Runtime.evaluate', { expression, returnByValue: true })).result as { value?: unknown } | undefined)?.value;
    const waitFor = async (expression: string, what: string) => {
      for (let i = 0; i < 100; i++) {
        if (await evaluate(expression)) return;
        await sleep(200);
      }
      throw new Error(`Timed out waiting for ${what}`);
    };

    await send('Page.enable');
    await send('Page.navigate', { url });
    await waitFor(`!!document.querySelector('.graphiql-execute-button')`, 'GraphiQL to render');
    // GraphiQL fetches the schema (introspection) before it runs queries.
    await waitFor(`!!document.querySelector('.graphiql-doc-explorer-search, [aria-label="Show Documentation Explorer"]')`, 'the schema');
    await sleep(500);
    await evaluate(`document.querySelector('.graphiql-execute-button').click()`);
    await waitFor(`(document.querySelector('.graphiql-response')?.innerText ?? '').includes('"consultations"')`, 'the query result');
    const result = String(await evaluate(`document.querySelector('.graphiql-response').innerText`));
    const shot = await send('Page.captureScreenshot', { format: 'png' });
    writeFileSync(output, Buffer.from(String(shot.data), 'base64'));
    socket.close();
    console.log(`GraphiQL rendered at ${url}, ran its default query (${result.length} characters of result) and was saved to ${output}`);
  } finally {
    chromium.kill('SIGKILL');
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
