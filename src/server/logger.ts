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
