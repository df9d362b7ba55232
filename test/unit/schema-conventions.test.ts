import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { buildAppSchema } from '../../src/app/composition.js';

/**
 * The schema is the API's documentation (see the GraphQL conventions): these tests walk the built
 * schema and list every place that breaks a convention, so a new type, field, argument or enum value
 * cannot slip in undocumented, misnamed or pointing at a document clients do not have.
 */

/** Every documented place of the schema (introspection and built-in scalars excluded), with its description. */
function describedPlaces(schema: GraphQLSchema): { path: string; description: string | null | undefined }[] {
  const places: { path: string; description: string | null | undefined }[] = [];
  const types = Object.values(schema.getTypeMap()).filter((t: GraphQLNamedType) => !isIntrospectionType(t) && !isSpecifiedScalarType(t));
  for (const type of types) {
    places.push({ path: type.name, description: type.description });
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        places.push({ path: `${type.name}.${field.name}`, description: field.description });
        for (const arg of field.args) places.push({ path: `${type.name}.${field.name}(${arg.name}:)`, description: arg.description });
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) places.push({ path: `${type.name}.${field.name}`, description: field.description });
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) places.push({ path: `${type.name}.${value.name}`, description: value.description });
    }
  }
  return places;
}

test('every type, field, argument, input field and enum value has a description', async () => {
  const missing = describedPlaces(await buildAppSchema())
    .filter((place) => !place.description?.trim())
    .map((place) => place.path);
  expect(missing).toEqual([]);
});

test('no description refers to a document that is not in the repository (product.md, "§" sections)', async () => {
  const outside = describedPlaces(await buildAppSchema())
    .filter((place) => /product\.md|\.md\b|§/i.test(place.description ?? ''))
    .map((place) => `${place.path}: ${place.description}`);
  expect(outside).toEqual([]);
});

test('output types follow one naming rule: plain names, no "Type" suffix', async () => {
  const schema = await buildAppSchema();
  const suffixed = Object.values(schema.getTypeMap())
    .filter((t) => !isIntrospectionType(t) && (isObjectType(t) || isInterfaceType(t) || isEnumType(t)) && /Type$/.test(t.name))
    .map((t) => t.name);
  expect(suffixed).toEqual([]);
});

test('every object type with an id implements Node', async () => {
  const schema = await buildAppSchema();
  const node = schema.getType('Node');
  const notNodes = Object.values(schema.getTypeMap())
    .filter((t) => !isIntrospectionType(t) && isObjectType(t) && 'id' in t.getFields())
    .filter((t) => isObjectType(t) && !t.getInterfaces().some((i) => i === node))
    .map((t) => t.name);
  expect(notNodes).toEqual([]);
});
