/**
 * The baseline for bench/all.bench.ts (the viewer operation): plain node:http + pg doing the same work per request as
 * the API does for `{ viewer { organization { legalName } } }`: verify the JWT, then three round
 * trips in one transaction — BEGIN with the tenant set-up and the session check, the organization by
 * id, COMMIT.
 */
import { createSecretKey } from 'node:crypto';
import http from 'node:http';
import jwt from 'jsonwebtoken';
import pg from 'pg';
import { loadConfig } from '../src/config.js';

const config = loadConfig();
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: config.dbPoolSize, idleTimeoutMillis: config.dbPoolIdleSeconds * 1000 });
const UUID = /^[0-9a-f-]{36}$/;
const key = createSecretKey(Buffer.from(config.jwt.signingKey, 'utf8'));

const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', async () => {
    try {
      JSON.parse(body);
      const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      const claims = jwt.verify(token, key, { algorithms: [config.jwt.algorithm], issuer: config.jwt.issuer, audience: config.jwt.audience }) as jwt.JwtPayload;
      const org = String(claims.org);
      const user = String(claims.sub);
      const sid = String(claims.sid);
      const role = String(claims.role);
      if (!UUID.test(org) || !UUID.test(user) || !UUID.test(sid) || !/^[A-Z_]+$/.test(role)) throw new Error('bad claims');
      const client = await pool.connect();
      try {
        await client.query(
          `begin read only; select set_config('role', 'kefu_app', true), set_config('app.org_id', '${org}', true), set_config('app.user_id', '${user}', true), set_config('app.role', '${role}', true), set_config('app.platform_admin', '', true), auth_session_check('${sid}', '${user}', '${org}', '${role}')`,
        );
        const { rows } = await client.query('select legal_name from organization where id = any($1)', [[org]]);
        await client.query('commit');
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: { viewer: { organization: { legalName: rows[0]?.legal_name } } } }));
      } finally {
        client.release();
      }
    } catch {
      res.writeHead(401).end();
    }
  });
});

server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('baseline ready\n'));
process.on('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
