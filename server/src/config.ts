/**
 * The server's configuration from the environment and the command line (a flag wins over its
 * variable): `--port 8080` or `PORT=8080`, and so on for each entry of {@link SETTINGS}.
 */
import type { RateLimit } from './http/rate-limit.js';

export interface ServerConfig {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  /** Bearer token to account id; empty means a development token is made at start. */
  tokens: Record<string, string>;
  corsOrigins: string[];
  bodyLimit: number;
  rateLimit: RateLimit | false;
  /** Generated contacts to seed each empty account with; 0 for none. */
  seed: number;
  /** How long a merge or a delete can be undone, in days. */
  restoreDays: number;
}

/** Each setting: its flag, its environment variable, and what it means. */
export const SETTINGS = {
  port: ['--port', 'PORT', 'Port to listen on (0 for any free one). Default 8080.'],
  host: ['--host', 'HOST', 'Address to listen on. Default 127.0.0.1.'],
  databaseUrl: ['--database-url', 'DATABASE_URL', 'PostgreSQL to store in; embedded otherwise.'],
  dataDir: ['--data-dir', 'DATA_DIR', 'Folder of the embedded database. Default ./data.'],
  tokens: ['--tokens', 'CONTACTS_TOKENS', 'Bearer tokens and their accounts: "token:account,...".'],
  corsOrigins: [
    '--cors-origins',
    'CORS_ORIGINS',
    'Origins browsers may call from, comma-separated; * for any.',
  ],
  bodyLimit: [
    '--body-limit',
    'BODY_LIMIT',
    'Largest request body in bytes (or 64kb, 1mb). Default 64kb.',
  ],
  rateLimit: [
    '--rate-limit',
    'RATE_LIMIT',
    'Requests per second per account[:burst], or off. Default 50:300.',
  ],
  seed: [
    '--seed',
    'SEED_CONTACTS',
    'Seed each account that has no contacts with N generated ones (the demo data). Default 0.',
  ],
  restoreDays: [
    '--restore-days',
    'RESTORE_DAYS',
    'How long merges and deletes can be undone, in days (decimals allowed). Default 30.',
  ],
} as const;

type Name = keyof typeof SETTINGS;

/** A setting that cannot be read; the message names the flag and variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function parseFlags(argv: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new ConfigError(`Unexpected argument ${arg}.`);
    const eq = arg.indexOf('=');
    if (eq > 0) flags.set(arg.slice(0, eq), arg.slice(eq + 1));
    else {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) {
        throw new ConfigError(`${arg} needs a value.`);
      }
      flags.set(arg, value);
      i++;
    }
  }
  const known = new Set<string>(Object.values(SETTINGS).map(([flag]) => flag));
  for (const flag of flags.keys()) {
    if (!known.has(flag)) throw new ConfigError(`Unknown option ${flag}.`);
  }
  return flags;
}

function parseTokens(raw: string, where: string): Record<string, string> {
  const tokens: Record<string, string> = {};
  for (const pair of raw
    .split(',')
    .map(part => part.trim())
    .filter(Boolean)) {
    const colon = pair.lastIndexOf(':');
    const token = pair.slice(0, colon).trim();
    const account = pair.slice(colon + 1).trim();
    if (colon <= 0 || !token || !account) {
      throw new ConfigError(`${where}: each entry is token:account.`);
    }
    tokens[token] = account;
  }
  return tokens;
}

function parseSize(raw: string, where: string): number {
  const match = raw
    .trim()
    .toLowerCase()
    .match(/^(\d+)\s*(b|kb|mb)?$/);
  if (!match) throw new ConfigError(`${where}: a size in bytes, e.g. 65536 or 64kb.`);
  const unit = match[2] === 'mb' ? 1024 * 1024 : match[2] === 'kb' ? 1024 : 1;
  const size = Number(match[1]) * unit;
  if (size < 1) throw new ConfigError(`${where}: must be at least 1 byte.`);
  return size;
}

function parseRateLimit(raw: string, where: string): RateLimit | false {
  if (raw.trim() === 'off' || raw.trim() === '0') return false;
  const match = raw.trim().match(/^(\d+(?:\.\d+)?)(?::(\d+))?$/);
  if (!match) throw new ConfigError(`${where}: requests per second[:burst], e.g. 50:300, or off.`);
  const perSecond = Number(match[1]);
  return match[2] === undefined ? { perSecond } : { perSecond, burst: Number(match[2]) };
}

export function loadConfig(
  argv: readonly string[] = process.argv.slice(2),
  env: Readonly<Record<string, string | undefined>> = process.env,
): ServerConfig {
  const flags = parseFlags(argv);
  const read = (name: Name): [value: string | undefined, where: string] => {
    const [flag, variable] = SETTINGS[name];
    const fromFlag = flags.get(flag);
    if (fromFlag !== undefined) return [fromFlag, flag];
    const fromEnv = env[variable];
    return [fromEnv === '' ? undefined : fromEnv, variable];
  };

  const [port = '8080', portWhere] = read('port');
  if (!/^\d+$/.test(port) || Number(port) > 65535) {
    throw new ConfigError(`${portWhere}: a port number from 0 to 65535.`);
  }
  const [tokens, tokensWhere] = read('tokens');
  const [origins] = read('corsOrigins');
  const [bodyLimit, bodyWhere] = read('bodyLimit');
  const [rateLimit, rateWhere] = read('rateLimit');
  const [databaseUrl] = read('databaseUrl');
  const [seed = '0', seedWhere] = read('seed');
  if (!/^\d+$/.test(seed) || Number(seed) > 1_000_000) {
    throw new ConfigError(`${seedWhere}: a number of contacts from 0 to 1000000.`);
  }

  const [restoreDays = '30', restoreWhere] = read('restoreDays');
  if (
    !/^\d+(?:\.\d+)?$/.test(restoreDays) ||
    Number(restoreDays) <= 0 ||
    Number(restoreDays) > 3650
  ) {
    throw new ConfigError(`${restoreWhere}: a number of days above 0 and up to 3650.`);
  }

  const config: ServerConfig = {
    port: Number(port),
    host: read('host')[0] ?? '127.0.0.1',
    dataDir: read('dataDir')[0] ?? './data',
    tokens: tokens === undefined ? {} : parseTokens(tokens, tokensWhere),
    corsOrigins: (origins ?? '')
      .split(',')
      .map(origin => origin.trim())
      .filter(Boolean),
    bodyLimit: bodyLimit === undefined ? 64 * 1024 : parseSize(bodyLimit, bodyWhere),
    rateLimit:
      rateLimit === undefined
        ? { perSecond: 50, burst: 300 }
        : parseRateLimit(rateLimit, rateWhere),
    seed: Number(seed),
    restoreDays: Number(restoreDays),
  };
  if (databaseUrl !== undefined) config.databaseUrl = databaseUrl;
  return config;
}
