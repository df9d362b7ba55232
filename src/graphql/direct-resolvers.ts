import { GraphQLScalarType, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { getMetadataStorage } from 'type-graphql';

type Storage = ReturnType<typeof getMetadataStorage>;
type HandlerMetadata = Storage['queries'][number] | Storage['fieldResolvers'][number];
type ParamMetadata = NonNullable<HandlerMetadata['params']>[number];
type ClassMetadata = Storage['argumentTypes'][number];
type Resolver = GraphQLFieldResolver<unknown, unknown, Record<string, unknown>>;
type Binder = (root: unknown, args: Record<string, unknown>, context: unknown, info: unknown) => unknown;
type Constructor = new () => object;
/** A class as type-graphql's metadata records it (a target, its prototype chain walked up to Function.prototype). */
type ClassTarget = HandlerMetadata['target'];

const SIMPLE_TYPES: unknown[] = [String, Boolean, Number, Date, Array, Promise];

/** type-graphql's conversion of a value to an instance of its declared class (a root typed by its parameter), kept exactly. */
function convertToType(Target: Constructor | GraphQLScalarType, data: unknown): unknown {
  if (data == null || Target instanceof GraphQLScalarType) return data;
  if (SIMPLE_TYPES.includes((data as object).constructor)) return data;
  if (data instanceof Target) return data;
  if (Array.isArray(data)) return data.map((item) => convertToType(Target, item));
  const instance = new Target() as Record<string, unknown>;
  for (const key of Object.keys(instance)) {
    if (instance[key] === undefined && !(key in (data as object))) delete instance[key];
  }
  return Object.assign(instance, data);
}

/** A type that type-graphql passes through unchanged as an argument value: a scalar, a primitive's class or an enum. */
function isPassThroughType(storage: Storage, type: unknown): boolean {
  if (type instanceof GraphQLScalarType || SIMPLE_TYPES.includes(type)) return true;
  if (typeof type === 'object' && type !== null) return storage.enums.some((e) => e.enumObj === type);
  return false;
}

/** The fields of an @ArgsType class and its @ArgsType ancestors, as type-graphql collects them. */
function argsFields(storage: Storage, target: ClassTarget): ClassMetadata['fields'] | null {
  const own = storage.argumentTypes.find((t) => t.target === target);
  if (!own) return null;
  let fields = [...(own.fields ?? [])];
  for (let parent = Object.getPrototypeOf(target) as ClassTarget; parent.prototype !== undefined; parent = Object.getPrototypeOf(parent) as ClassTarget) {
    const inherited = storage.argumentTypes.find((t) => t.target === parent);
    if (inherited) fields = [...fields, ...(inherited.fields ?? [])];
  }
  return fields;
}

/**
 * One parameter's value from (root, args, context, info), as type-graphql computes it, or null when
 * it cannot be computed without type-graphql (input objects, validation, custom decorators).
 */
function paramBinder(storage: Storage, param: ParamMetadata): Binder | null {
  switch (param.kind) {
    case 'context': {
      const property = param.propertyName;
      return property ? (_r, _a, context) => (context as Record<string, unknown>)[property] : (_r, _a, context) => context;
    }
    case 'info':
      return (_r, _a, _c, info) => info;
    case 'root': {
      const property = param.propertyName;
      const getType = param.getType;
      const value = property ? (root: unknown) => (root as Record<string, unknown>)[property] : (root: unknown) => root;
      if (!getType) return value;
      return (root) => convertToType(getType() as Constructor, value(root));
    }
    case 'arg': {
      if (param.validateFn || param.validateSettings) return null;
      if (!isPassThroughType(storage, param.getType())) return null;
      const name = param.name;
      return (_r, args) => args[name];
    }
    case 'args': {
      if (param.validateFn || param.validateSettings) return null;
      const ArgsClass = param.getType() as Constructor;
      const fields = argsFields(storage, ArgsClass);
      if (!fields || !fields.every((field) => isPassThroughType(storage, field.getType()))) return null;
      // An instance whose class sets nothing itself is its prototype and the given fields.
      if (Object.values(new ArgsClass()).some((value) => value !== undefined)) return null;
      const names = fields.map((field) => field.name);
      return (_r, args) => {
        const instance = Object.create(ArgsClass.prototype) as Record<string, unknown>;
        for (const name of names) if (args[name] !== undefined) instance[name] = args[name];
        return instance;
      };
    }
    default:
      return null;
  }
}

/** The handler called with its parameters bound directly, or null when type-graphql must keep it. */
function directResolver(storage: Storage, handler: HandlerMetadata, instances: Map<ClassTarget, object>): Resolver | null {
  if (handler.middlewares?.length || handler.roles?.length) return null;
  const params = [...(handler.params ?? [])].sort((a, b) => a.index - b.index);
  const binders: Binder[] = [];
  for (const param of params) {
    const binder = paramBinder(storage, param);
    if (!binder) return null;
    binders.push(binder);
  }
  let instance = instances.get(handler.target);
  if (!instance) instances.set(handler.target, (instance = new (handler.target as Constructor)()));
  const method = (instance as Record<string, (...values: unknown[]) => unknown>)[handler.methodName];
  if (typeof method !== 'function') return null;
  const target = instance;
  return (root, args, context, info) =>
    method.apply(
      target,
      binders.map((bind) => bind(root, args, context, info)),
    );
}

/**
 * type-graphql wraps every resolver in a generic handler that, on each call, sorts the parameter
 * list, maps it, runs an async validation step even with validation off and awaits the parameters
 * with Promise.all, then converts arguments into class instances (deleting properties, which slows
 * the objects down). For a page of 50 requirements with a merchant, questions and bids that is 150
 * such calls, a third of a request's allocations. Here each resolver whose parameters are the
 * context, the root, the info, scalar or enum arguments, or an @ArgsType of those, gets them bound
 * once at schema build (same values, same instances' prototypes); the others (input objects,
 * middlewares, validation) keep type-graphql's handler.
 */
export function bindResolversDirectly(schema: GraphQLSchema): { direct: number; kept: number; getters: number } {
  const storage = getMetadataStorage();
  const instances = new Map<ClassTarget, object>();
  let direct = 0;
  let kept = 0;
  const replace = (typeName: string | undefined, fieldName: string, handler: HandlerMetadata) => {
    const type = typeName ? schema.getType(typeName) : undefined;
    const field = type && isObjectType(type) ? type.getFields()[fieldName] : undefined;
    if (!field) return;
    const resolve = directResolver(storage, handler, instances);
    if (resolve) {
      field.resolve = resolve;
      direct += 1;
    } else kept += 1;
  };
  for (const query of storage.queries) replace(schema.getQueryType()?.name, query.schemaName, query);
  for (const mutation of storage.mutations) replace(schema.getMutationType()?.name, mutation.schemaName, mutation);
  for (const fieldResolver of storage.fieldResolvers) {
    if (fieldResolver.kind !== 'external' || !fieldResolver.getObjectType) continue;
    const objectClass = fieldResolver.getObjectType();
    for (const objectType of storage.objectTypes) {
      if (objectType.target !== objectClass) continue;
      const field = objectType.fields?.find((f) => f.name === fieldResolver.methodName);
      replace(objectType.name, field?.schemaName ?? fieldResolver.schemaName, fieldResolver);
    }
  }
  const getters = readGettersAsProperties(schema, storage);
  return { direct, kept, getters };
}

/** The accessor's getter of `name` on the class or an ancestor, if that is what it is. */
function getterOf(target: ClassTarget, name: string): (() => unknown) | undefined {
  for (let proto = (target as { prototype?: object }).prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, name);
    if (descriptor) return descriptor.get;
  }
  return undefined;
}

/**
 * A field declared on a getter (`@Field() get budgetMax()`) is read like a property: type-graphql
 * would wrap it in a resolver that converts the root, runs the middleware chain and returns a
 * promise, for what is a property read. Only getters without parameters, middlewares or roles;
 * permissions are applied afterwards to every field alike (guardFields).
 */
function readGettersAsProperties(schema: GraphQLSchema, storage: Storage): number {
  let count = 0;
  for (const objectType of storage.objectTypes) {
    const type = schema.getType(objectType.name);
    if (!type || !isObjectType(type)) continue;
    const fields = type.getFields();
    for (const field of objectType.fields ?? []) {
      const internal = storage.fieldResolvers.find((r) => r.kind === 'internal' && r.target === field.target && r.methodName === field.name);
      if (!internal || internal.params?.length || internal.middlewares?.length || internal.roles?.length || field.middlewares?.length) continue;
      if (!getterOf(objectType.target, field.name)) continue;
      const graphqlField = fields[field.schemaName];
      if (!graphqlField) continue;
      graphqlField.resolve = undefined;
      count += 1;
    }
  }
  return count;
}
