import { LoaderRegistry } from '../../src/core/loader-registry.js';
import { defineLoader } from '../../src/core/loaders.js';
import type { RequestContext } from '../../src/core/request-context.js';

const requestWith = () => ({ uow: { loaders: new LoaderRegistry() } }) as unknown as RequestContext;

describe('defineLoader', () => {
  test('one loader per request and variant; two definitions never share one, whatever their names', () => {
    let created = 0;
    const byPage = defineLoader(
      'same.name',
      (_ctx, page: number) => ({ page, serial: ++created }),
      (page) => String(page),
    );
    const other = defineLoader('same.name', () => ({ other: true }));
    const first = requestWith();
    const second = requestWith();
    expect(byPage(first, 1)).toBe(byPage(first, 1));
    expect(byPage(first, 2)).not.toBe(byPage(first, 1));
    expect(byPage(second, 1)).not.toBe(byPage(first, 1));
    expect(other(first)).toEqual({ other: true });
    expect(created).toBe(3);
  });
});
