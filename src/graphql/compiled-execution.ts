import {
  BREAK,
  execute,
  getNamedType,
  GraphQLError,
  isScalarType,
  Kind,
  TypeInfo,
  valueFromAST,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type ValueNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/** What an executor needs of a request: Apollo's parsed, validated and cached document and its inputs. */
export interface ExecutionRequest {
  document: DocumentNode;
  operationName: string | null | undefined;
  variables: Record<string, unknown> | undefined;
  contextValue: unknown;
}

/**
 * Executes operations compiled once into JavaScript (graphql-jit) instead of interpreting the
 * document on every request with graphql-js: the field plan, argument coercion, type checks and
 * serializers of an operation are generated code after its first run, so a list of 50 objects no
 * longer walks the AST 50 times. Apollo's document store hands back the same document object for
 * the same query text, so compiled plans hang off the document (a WeakMap: dropped with it from
 * Apollo's bounded cache). A document graphql-jit cannot compile runs on graphql-js.
 */
export function compiledExecutor(schema: GraphQLSchema): (request: ExecutionRequest) => Promise<ExecutionResult> | ExecutionResult {
  const plans = new WeakMap<DocumentNode, Map<string, CompiledQuery | null>>();
  const planOf = (document: DocumentNode, operationName: string | null | undefined): CompiledQuery | null => {
    let byOperation = plans.get(document);
    if (!byOperation) plans.set(document, (byOperation = new Map()));
    const key = operationName ?? '';
    let plan = byOperation.get(key);
    if (plan === undefined) {
      // Stack traces of field errors are captured where our code throws them, not again by the compiled code.
      let compiled: CompiledQuery | ExecutionResult | null = null;
      try {
        if (!literalsSurviveJson(schema, document)) throw new Error('literal arguments that JSON would change');
        compiled = compileQuery(schema, document, operationName ?? undefined, { disablingCapturingStackErrors: true });
      } catch {
        // graphql-js answers such a document with the error it deserves.
      }
      plan = compiled && isCompiledQuery(compiled) ? compiled : null;
      byOperation.set(key, plan);
    }
    return plan;
  };
  return ({ document, operationName, variables, contextValue }) => {
    const plan = planOf(document, operationName);
    if (!plan) return execute({ schema, document, operationName, variableValues: variables, contextValue });
    const result = plan.query(undefined, contextValue, variables ?? {});
    return isPromiseLike(result) ? result.then(withPlainErrors) : withPlainErrors(result);
  };
}

const SCALAR_LITERALS = new Set<string>([Kind.INT, Kind.FLOAT, Kind.STRING, Kind.BOOLEAN, Kind.ENUM]);

/**
 * graphql-jit writes an operation's literal argument values into the generated code as JSON, so a
 * scalar whose parsed value is an object (a Decimal) would reach the resolver as a string. Such an
 * operation runs on graphql-js; literals that JSON keeps (numbers, strings, Dates, which graphql-jit
 * revives) and every variable compile.
 */
function literalsSurviveJson(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let survives = true;
  const check = (node: ValueNode) => {
    if (!SCALAR_LITERALS.has(node.kind)) return undefined;
    const type = getNamedType(typeInfo.getInputType());
    if (!type || !isScalarType(type)) return undefined;
    const value: unknown = valueFromAST(node, type);
    if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
      survives = false;
      return BREAK;
    }
    return undefined;
  };
  visit(document, visitWithTypeInfo(typeInfo, { IntValue: check, FloatValue: check, StringValue: check, BooleanValue: check, EnumValue: check }));
  return survives;
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as PromiseLike<T>).then === 'function';
}

/**
 * graphql-jit's errors keep their cause in a non-enumerable `originalError`, which Apollo loses when
 * it copies an error to add extensions; graphql-js's own errors carry it through to the error
 * formatter, which maps typed exceptions to their codes.
 */
function withPlainErrors(result: ExecutionResult): ExecutionResult {
  if (!result.errors?.length) return result;
  return {
    ...result,
    errors: result.errors.map((error) => {
      const plain = new GraphQLError(error.message, { path: error.path, originalError: error.originalError, extensions: error.extensions });
      (plain as { locations: GraphQLError['locations'] }).locations = error.locations;
      return plain;
    }),
  };
}
