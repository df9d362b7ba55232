import { pino, type Logger } from 'pino';

/** JSON logs. Tokens, passwords, API keys and personal data are never logged; these paths are redacted if they slip in. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'kefu-exchange' },
    redact: {
      paths: ['req.headers.authorization', 'req.headers["x-api-key"]', '*.password', '*.token', '*.secret', 'variables'],
      censor: '[redacted]',
    },
  });
}

/**
 * What of an internal error may be logged: driver messages inline SQL parameters (e-mails,
 * names), so only the error's class, SQLSTATE, table, constraint and stack frames are kept.
 */
export function describeInternalError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const e = error as Error & { code?: unknown; table?: unknown; constraint?: unknown; routine?: unknown };
  return {
    type: e.constructor.name,
    code: typeof e.code === 'string' ? e.code : undefined,
    table: typeof e.table === 'string' ? e.table : undefined,
    constraint: typeof e.constraint === 'string' ? e.constraint : undefined,
    frames: (e.stack ?? '')
      .split('\n')
      .filter((line) => line.trimStart().startsWith('at '))
      .slice(0, 12)
      .map((line) => line.trim()),
  };
}
