/** Who is calling: the account a request acts for. */
import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Returns the id of the account `request` acts for, or `null` when its credentials are missing
 * or unknown (answered 401). Every record read or written belongs to that account.
 */
export type Authenticate = (request: Request) => Promise<string | null>;

/** The token of an `Authorization: Bearer <token>` header, if the request has one. */
export function bearerToken(request: Request): string | undefined {
  const match = request.headers.get('Authorization')?.match(/^Bearer[ \t]+(\S+)\s*$/i);
  return match?.[1];
}

/**
 * Authentication by bearer tokens from the configuration: `tokens` maps each token to its
 * account. Tokens are compared in constant time, so timing does not reveal a near miss.
 */
export function bearerTokens(tokens: Readonly<Record<string, string>>): Authenticate {
  const known = Object.entries(tokens).map(
    ([token, account]) => [Buffer.from(token), account] as const,
  );
  return async request => {
    const given = bearerToken(request);
    if (given === undefined) return null;
    const bytes = Buffer.from(given);
    let account: string | null = null;
    for (const [token, owner] of known) {
      if (token.length === bytes.length && timingSafeEqual(token, bytes)) account = owner;
    }
    return account;
  };
}

/** A random token for a development run with no tokens configured. */
export function developmentToken(): string {
  return `dev-${randomBytes(18).toString('base64url')}`;
}
