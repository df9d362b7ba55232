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

export interface CompiledExecutorOptions {
  /** Runs of a document on graphql-js before it is compiled (a one-off query never pays for compiling). */
  interpretedRuns?: number;
  /** Told of each compilation (tests count them). */
  onCompile?: (operationName: string | undefined) => void;
}

interface DocumentPlan {
  runs: number;
  /** The compiled operation; null when graphql-jit cannot compile it (graphql-js runs it). */
  compiled?: CompiledQuery | null;
}

/**
 * Executes operations compiled into JavaScript (graphql-jit) instead of interpreting the document on
 * every request with graphql-js: the field plan, argument coercion, type checks and serializers of an
 * operation become generated code, so a list of 50 objects no longer walks the AST 50 times. A
 * document is compiled on its second run: a query sent once is not worth compiling, and a client
 * sending ever new documents cannot make the server compile for each. Apollo's document store hands
 * back the same document object for the same query text, so plans hang off the document (a WeakMap:
 * dropped with it from Apollo's bounded cache). A document graphql-jit cannot compile runs on graphql-js.
 */
export function compiledExecutor(
  schema: GraphQLSchema,
  options: CompiledExecutorOptions = {},
): (request: ExecutionRequest) => Promise<ExecutionResult> | ExecutionResult {
  const { interpretedRuns = 1, onCompile } = options;
  const plans = new WeakMap<DocumentNode, Map<string, DocumentPlan>>();
  const compile = (document: DocumentNode, operationName: string | undefined): CompiledQuery | null => {
    onCompile?.(operationName);
    try {
      if (!literalsSurviveJson(schema, document)) return null;
      // Stack traces of field errors are captured where our code throws them, not again by the compiled code.
      const compiled = compileQuery(schema, document, operationName, { disablingCapturingStackErrors: true });
      return isCompiledQuery(compiled) ? compiled : null;
    } catch {
      return null; // graphql-js answers such a document with the error it deserves.
    }
  };
  const planOf = (document: DocumentNode, operationName: string | undefined): DocumentPlan => {
    let byOperation = plans.get(document);
    if (!byOperation) plans.set(document, (byOperation = new Map()));
    const key = operationName ?? '';
    let plan = byOperation.get(key);
    if (!plan) byOperation.set(key, (plan = { runs: 0 }));
    plan.runs += 1;
    if (plan.compiled === undefined && plan.runs > interpretedRuns) plan.compiled = compile(document, operationName);
    return plan;
  };
  return ({ document, operationName, variables, contextValue }) => {
    const { compiled } = planOf(document, operationName ?? undefined);
    const interpreted = () => execute({ schema, document, operationName, variableValues: variables, contextValue });
    if (!compiled) return interpreted();
    // No data at all: the plan refused the variables before running anything. graphql-js refuses them
    // too, in the words of the first run (a scalar's own explanation) and in the form Apollo answers
    // as BAD_USER_INPUT; graphql-jit's errors have neither.
    const answer = (result: ExecutionResult) => (result.data === undefined ? interpreted() : withPlainErrors(result));
    const result = compiled.query(undefined, contextValue, variables ?? {});
    return isPromiseLike(result) ? result.then(answer) : answer(result);
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
 * graphql-jit's errors have no `extensions` object (Apollo reads the code from it and, failing, masks
 * the error as internal) and hide their cause; as graphql-js errors they reach the error formatter,
 * which maps typed exceptions to their codes, with their cause, path and location.
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
