import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';

/** A request whose JSON body has been read (by express.json or by directGraphqlPost). */
export type GraphqlHttpRequest = IncomingMessage & { body?: unknown };

/**
 * Apollo Server over node:http, as @as-integrations/express5 does it but cheaper per request: the
 * query string is cut from the URL instead of going through `url.parse` (which, deprecated since
 * Node 24, captures a stack trace on every call to decide whether to warn), and the answer is
 * written with `res.end` instead of Express's `res.send` (no ETag hash of every GraphQL response,
 * no second look at its content type). It needs nothing of Express, so that POST /graphql can be
 * served beside it (directGraphqlPost). It rejects only on a failure outside Apollo's own handling.
 */
export function graphqlHttpHandler<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  context: (req: GraphqlHttpRequest) => Promise<TContext>,
): (req: GraphqlHttpRequest, res: ServerResponse) => Promise<void> {
  server.assertStarted('graphqlHttpHandler()');
  return async (req, res) => {
    const headers = new HeaderMap();
    for (const key in req.headers) {
      const value = req.headers[key];
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method!.toUpperCase(), headers, search: searchOf(req.url ?? ''), body: req.body },
      context: () => context(req),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}

/** The URL's query string with its `?` ("" when none), as `url.parse(url).search` gives it. */
export function searchOf(url: string): string {
  const hash = url.indexOf('#');
  const path = hash < 0 ? url : url.slice(0, hash);
  const start = path.indexOf('?');
  return start < 0 ? '' : path.slice(start);
}
