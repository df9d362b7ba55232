import type { MikroORM } from '@mikro-orm/postgresql';
import type { IncomingMessage } from 'node:http';
import { InvalidTokenError, verifyToken } from '../auth/jwt.js';
import type { Config } from '../config.js';
import { UnauthenticatedError } from '../core/errors.js';
import { ANONYMOUS, type Viewer } from '../core/viewer.js';

/** Finds the viewer an organization API key stands for (null when unknown or revoked). */
export type ApiKeyAuthenticator = (orm: MikroORM, secret: string) => Promise<Viewer | null>;

/**
 * The caller of a request, from `Authorization: Bearer <JWT>` or `X-Api-Key`, or anonymous without
 * either. A credential that is malformed, invalid, expired or revoked throws UnauthenticatedError
 * (the session behind a token is checked when the request's transaction begins).
 */
export async function resolveViewer(
  config: Config,
  orm: MikroORM,
  authenticateApiKey: ApiKeyAuthenticator,
  req: Pick<IncomingMessage, 'headers'>,
): Promise<Viewer> {
  const authorization = req.headers.authorization;
  const apiKey = req.headers['x-api-key'];
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) throw new UnauthenticatedError('Authorization header must be "Bearer <token>".');
    try {
      return verifyToken(config.jwt, match[1]!);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw new UnauthenticatedError('Invalid or expired token: sign in again.');
      throw error;
    }
  }
  if (typeof apiKey === 'string' && apiKey) {
    const viewer = await authenticateApiKey(orm, apiKey);
    if (!viewer) throw new UnauthenticatedError('Invalid or revoked API key.');
    return viewer;
  }
  return ANONYMOUS;
}
