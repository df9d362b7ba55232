import 'reflect-metadata';
import { ApolloServer } from '@apollo/server';
import { GraphQLError, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { compiledExecutionPlugin } from '../../src/server/compiled-execution-plugin.js';

const calls = { hello: 0, refuse: 0, change: 0 };
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      hello: { type: GraphQLString, resolve: () => (calls.hello++, 'world') },
      refuse: {
        type: GraphQLString,
        resolve: () => {
          calls.refuse++;
          throw new GraphQLError('not yours', { extensions: { code: 'FORBIDDEN' } });
        },
      },
    },
  }),
  mutation: new GraphQLObjectType({ name: 'Mutation', fields: { change: { type: GraphQLString, resolve: () => (calls.change++, 'changed') } } }),
});

const compiled: (string | undefined)[] = [];
const server = new ApolloServer({
  schema,
  plugins: [compiledExecutionPlugin(schema, { interpretedRuns: 0, onCompile: (name) => compiled.push(name) })],
  formatError: (formatted) => ({ ...formatted, message: `formatted: ${formatted.message}` }),
});

beforeAll(() => server.start());
afterAll(() => server.stop());
beforeEach(() => {
  compiled.length = 0;
  Object.assign(calls, { hello: 0, refuse: 0, change: 0 });
});

const single = async (query: string) => {
  const response = await server.executeOperation({ query });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return response.body.singleResult;
};

test('a query is answered by its compiled plan, once', async () => {
  expect(await single('query Greeting { hello }')).toEqual({ data: { hello: 'world' } });
  expect(compiled).toEqual(['Greeting']);
  expect(calls.hello).toBe(1);
});

test('a query whose answer has errors is answered by Apollo, with errors formatted as for any other operation', async () => {
  const result = await single('query Refused { refuse }');
  expect(result.errors).toEqual([expect.objectContaining({ message: 'formatted: not yours', extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
  expect(result.data).toEqual({ refuse: null });
  // Compiled, tried, and run again by Apollo (a query changes nothing).
  expect(compiled).toEqual(['Refused']);
  expect(calls.refuse).toBe(2);
});

test('a mutation is Apollo’s to execute: compiled by nobody, run once', async () => {
  expect(await single('mutation Change { change }')).toEqual({ data: { change: 'changed' } });
  expect(compiled).toEqual([]);
  expect(calls.change).toBe(1);
});
