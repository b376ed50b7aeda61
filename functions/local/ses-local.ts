/**
 * The SES v2 emulator (npm package aws-ses-v2-local) for npm start and the
 * tests: the same SESv2Client calls as deployed, pointed at it. It keeps the
 * mail in memory, lists it on a web page (`/`) and as JSON (`GET /store`).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sesLocal from 'aws-ses-v2-local';

export interface RunningSesEmulator {
  /** The SES API endpoint to give the client. */
  readonly endpoint: string;
  /** The page that lists the mail received. */
  readonly mailUrl: string;
  stop(): Promise<void>;
}

type Start = (config?: { host?: string; port?: number }) => Promise<Server>;

/** Starts the emulator on `port` (0: any free port) on the loopback interface. */
export async function startSesEmulator(port = 0): Promise<RunningSesEmulator> {
  // A CommonJS module: its `default` export may arrive wrapped once more, depending on the loader.
  const start = ((sesLocal as unknown as { default?: Start }).default ?? sesLocal) as unknown as Start;
  const server = await start({ host: '127.0.0.1', port });
  const { port: bound } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${bound}`;
  return {
    endpoint,
    mailUrl: `${endpoint}/`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
