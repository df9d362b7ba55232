import 'reflect-metadata';
import { Decimal } from 'decimal.js';
import { GraphQLError, parse, type GraphQLSchema } from 'graphql';
import { Arg, Args, ArgsType, buildSchema, Ctx, Field, FieldResolver, Int, MiddlewareFn, ObjectType, Query, Resolver, Root, UseMiddleware } from 'type-graphql';
import { compiledExecutor } from '../../src/graphql/compiled-execution.js';
import { bindResolversDirectly } from '../../src/graphql/direct-resolvers.js';
import { DecimalScalar } from '../../src/graphql/scalars.js';
import { BadUserInputError } from '../../src/core/errors.js';

@ArgsType()
class PageArgs {
  @Field(() => Int, { nullable: true })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;
}

@ArgsType()
class DefaultingArgs {
  @Field(() => Int, { nullable: true })
  size: number = 7;
}

@ObjectType()
class Shelf {
  constructor(name = '') {
    this.name = name;
  }

  @Field()
  name: string;

  /** Counts its reads: a getter field is read once per selection, as a property. */
  @Field()
  get label(): string {
    seen.labelReads = (seen.labelReads ?? 0) + 1;
    return `shelf ${this.name}`;
  }
}

const seen: { page?: unknown; amount?: unknown; shelf?: unknown; context?: unknown; labelReads?: number } = {};
const logged: string[] = [];
const logCall: MiddlewareFn = async (_data, next) => {
  logged.push('middleware');
  return next();
};

@Resolver(() => Shelf)
class ShelfResolver {
  @Query(() => Shelf)
  shelf(): Shelf {
    return new Shelf('A');
  }

  @Query(() => String)
  price(@Arg('amount', () => DecimalScalar) amount: Decimal): string {
    seen.amount = amount;
    return amount.plus(1).toFixed(2);
  }

  @Query(() => String)
  refuse(): string {
    throw new BadUserInputError('not like that');
  }

  @FieldResolver(() => String)
  page(@Root() shelf: Shelf, @Args() page: PageArgs, @Ctx() context: unknown): string {
    seen.page = page;
    seen.shelf = shelf;
    seen.context = context;
    return `${shelf.name}:${page.first ?? '-'}:${page.after ?? '-'}`;
  }

  @FieldResolver(() => Int)
  sized(@Args() args: DefaultingArgs): number {
    return args.size;
  }

  @FieldResolver(() => String)
  @UseMiddleware(logCall)
  logged(): string {
    return 'ok';
  }
}

let schema: GraphQLSchema;
let bound: { direct: number; kept: number; getters: number };

beforeAll(async () => {
  for (const objectType of (await import('type-graphql')).getMetadataStorage().objectTypes) objectType.simpleResolvers ??= true;
  schema = await buildSchema({ resolvers: [ShelfResolver], validate: false, emitSchemaFile: false });
  bound = bindResolversDirectly(schema);
});

/** Compiled from the first run (interpretedRuns: 0), so that each test exercises graphql-jit's plan. */
const run = async (query: string, contextValue: unknown = { who: 'me' }) =>
  compiledExecutor(schema, { interpretedRuns: 0 })({ document: parse(query), operationName: undefined, variables: undefined, contextValue });

describe('resolvers bound directly at schema build', () => {
  test('root, context and @Args reach the method as type-graphql gives them: an instance of the args class with only the given fields', async () => {
    const context = { who: 'me' };
    const result = await run('{ shelf { page(first: 3) } }', context);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ shelf: { page: 'A:3:-' } });
    expect(seen.page).toBeInstanceOf(PageArgs);
    expect(Object.keys(seen.page as object)).toEqual(['first']);
    expect(seen.shelf).toBeInstanceOf(Shelf);
    expect(seen.context).toBe(context);
  });

  test('type-graphql keeps what it alone can do: middlewares, and args classes that set their own defaults', async () => {
    logged.length = 0;
    const result = await run('{ shelf { logged sized } }');
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ shelf: { logged: 'ok', sized: 7 } });
    expect(logged).toEqual(['middleware']);
    // shelf, price, refuse and page bound; logged (a middleware) and sized (a default set by its class) kept.
    expect(bound).toEqual({ direct: 4, kept: 2, getters: 1 });
  });

  test('a field declared on a getter is read as a property: no resolver, its value straight from the getter', async () => {
    expect(schema.getType('Shelf')).toBeDefined();
    const field = (schema.getType('Shelf') as import('graphql').GraphQLObjectType).getFields().label!;
    expect(field.resolve).toBeUndefined();
    seen.labelReads = 0;
    const result = await run('{ shelf { name label again: label } }');
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ shelf: { name: 'A', label: 'shelf A', again: 'shelf A' } });
    expect(seen.labelReads).toBe(2);
  });
});

describe('compiled execution', () => {
  test('a literal whose scalar parses to an object (a Decimal) reaches the resolver as that object, not as JSON text', async () => {
    const result = await run('{ price(amount: "41.50") }');
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ price: '42.50' });
    expect(seen.amount).toBeInstanceOf(Decimal);
  });

  test('a field error is a graphql-js error: its cause for the error formatter, extensions to read a code from, its path and location', async () => {
    const result = await run('{ refuse }');
    const [error] = result.errors ?? [];
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error!.originalError).toBeInstanceOf(BadUserInputError);
    // What Apollo does with every error before formatting it (errorNormalize.ts, enrichError).
    const enriched = { ...error!.toJSON(), extensions: { ...error!.extensions, code: error!.extensions.code ?? 'INTERNAL_SERVER_ERROR' } };
    expect(enriched).toEqual({
      message: 'not like that',
      path: ['refuse'],
      locations: [{ line: 1, column: 3 }],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });

  test('a document is compiled once, on its second run, and its plan then serves every run with its own variables and context', async () => {
    const compiled: (string | undefined)[] = [];
    const execute = compiledExecutor(schema, { onCompile: (name) => compiled.push(name) });
    const document = parse('query P($n: Int) { shelf { page(first: $n, after: "c") } }');
    const answers = [];
    for (const n of [1, 2, 3, 4]) {
      answers.push(await execute({ document, operationName: 'P', variables: { n }, contextValue: { n } }));
      expect(compiled).toEqual(n === 1 ? [] : ['P']);
    }
    expect(answers.map((a) => a.data)).toEqual([1, 2, 3, 4].map((n) => ({ shelf: { page: `A:${n}:c` } })));
    expect(seen.context).toEqual({ n: 4 });
  });
});
