/**
 * `npm start`: DynamoDB Local with the table and demo data, the SES v2
 * emulator (its page lists the mail sent) with the mail sender running
 * in-process, and the GraphQL Lambda handler served on
 * http://localhost:4000/graphql through the API Gateway event adapter.
 * `npm start -- --in-memory` keeps nothing on disk. Ctrl-C stops the server,
 * the sender, the emulator and DynamoDB Local. If DynamoDB Local dies on its
 * own, npm start stops too, with a message and exit code 1, rather than
 * answering SERVICE_UNAVAILABLE to every request.
 */
import { config, setEnv } from '../core/config';
import { createServer } from 'node:net';
import { LocalRuntimeError } from './dynamodb-local';
import { createLocalServer } from './http-adapter';
import { startLocalRuntime } from './runtime';
import { startSesEmulator } from './ses-local';

const portTakenMessage = (port: number) => `Port ${port} is already in use: stop the other process or choose another port, e.g. PORT=${port + 1} npm start`;

/** Refuses a taken port before DynamoDB Local and the demo data are started for nothing. */
async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new LocalRuntimeError(portTakenMessage(port)) : error));
    probe.listen(port, () => probe.close(() => resolve()));
  });
}

async function main(): Promise<void> {
  const inMemory = process.argv.includes('--in-memory');
  const { port } = config();
  await assertPortFree(port);
  const runtime = await startLocalRuntime({ inMemory });
  // The SES v2 emulator on a free port; the same SESv2Client as deployed is pointed at it.
  const ses = await startSesEmulator(0);
  setEnv({ SES_ENDPOINT: ses.endpoint });
  let server: ReturnType<typeof createLocalServer> | undefined = undefined;
  let sender: { stop(): void } | undefined = undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    server?.close();
    server?.closeAllConnections();
    sender?.stop();
    await ses.stop();
    await runtime.stop();
    process.exit(code);
  };
  const child = runtime.dynamodb.process;
  console.log(`DynamoDB Local started (pid ${child.pid}) on ${runtime.dynamodb.endpoint}.`);
  child.once('exit', (code, signal) => {
    if (stopping) return;
    console.error(
      `DynamoDB Local (pid ${child.pid}) stopped unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`}); every request would fail, so npm start stops too. Run npm start again.`,
    );
    void stop(1);
  });
  // Imported after DynamoDB Local is up: the handler reads its configuration when loaded.
  const { handler } = await import('../handlers/graphql');
  const { handler: exportHandler } = await import('../handlers/export');
  const { handler: mailHandler } = await import('../handlers/mail-links');
  const { startLocalMailSender } = await import('./mail-loop');
  const { isSeeded } = await import('./seed/seed.repository');
  if (!(await isSeeded())) {
    const { seedDemoData } = await import('./seed/index');
    const counts = await seedDemoData();
    console.log(
      `Seeded demo data: ${Object.entries(counts)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')}`,
    );
  }
  const { serveIde } = await import('./graphiql');
  server = createLocalServer({ graphql: handler, export: exportHandler, mail: mailHandler }, serveIde);
  sender = startLocalMailSender();
  server.on('error', (error: NodeJS.ErrnoException) => {
    console.error(error.code === 'EADDRINUSE' ? portTakenMessage(port) : `The server could not start: ${error.message}`);
    void stop(1);
  });
  server.listen(port, () => {
    console.log(
      `Agora GraphQL API and IDE (open it in a browser) on http://localhost:${port}/graphql (Node ${process.version}, DynamoDB Local ${inMemory ? 'in memory' : `data in ${config().dataDir}`}). Ctrl-C stops.`,
    );
    console.log(`Mail sent by Agora (SES v2 emulator, kept in memory): ${ses.mailUrl} — as JSON: ${ses.endpoint}/store`);
  });
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
}

main().catch((error: unknown) => {
  console.error(error instanceof LocalRuntimeError ? error.message : error);
  process.exit(1);
});
