import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import { compiledExecutor } from '../graphql/compiled-execution.js';

type Gateway = ApolloServerOptionsWithGateway<BaseContext>['gateway'];

/**
 * Apollo Server's one seam for another executor is its gateway interface: a fixed schema, loaded
 * once, whose operations run through compiledExecutor. Everything else of Apollo (parsing,
 * validation, the document cache, plugins, error formatting, HTTP) is unchanged.
 */
export function compiledGateway(schema: GraphQLSchema): Gateway {
  const execute = compiledExecutor(schema);
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    async load() {
      return {
        executor: async (request) =>
          execute({
            document: request.document,
            operationName: request.operationName,
            variables: request.request.variables,
            contextValue: request.context,
          }),
      };
    },
    async stop() {},
  };
}
