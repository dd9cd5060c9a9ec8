import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';

export declare const DEMO_SERVER: {
  apiBase: string;
  token: string;
  account: string;
  contacts: number;
  dataDir: string;
};
export declare function startDemoServer(options?: {
  dataDir?: string;
  log?: (line: string) => void;
}): Promise<{
  url: string;
  dataDir: string;
  proxy(request: IncomingMessage, response: ServerResponse): boolean;
  close(): Promise<void>;
}>;
export declare function proxyTo(
  origin: string,
): (request: IncomingMessage, response: ServerResponse) => boolean;
export declare function demoServerPlugin(): Plugin;
