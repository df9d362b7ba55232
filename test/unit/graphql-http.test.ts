import { parse } from 'node:url';
import { searchOf } from '../../src/server/graphql-http.js';

test('the query string is what url.parse(url).search gives, "" when there is none', () => {
  for (const url of ['/graphql', '/graphql?', '/graphql?query=%7B%7D', '/graphql?a=1&b=2#frag', '/graphql#frag?x', '/?q=a?b', '/graphql?q=%23#'])
    expect(searchOf(url)).toBe(parse(url).search ?? '');
});
