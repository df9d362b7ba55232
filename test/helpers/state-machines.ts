import { TransitionRefused, transitionTable, type StateMachine, type WithStatus } from '../../src/core/state-machine.js';

/** The clock these rules read (the state functions take the time explicitly). */
const NOW = new Date();

/**
 * Every (status, action) pair of a machine, run through `apply` on an entity in that status:
 * an allowed pair (written out in `allowed` as "FROM --action--> TO", the spec) must move the entity
 * to the expected status and return { from, to }; every other pair must be refused, leaving the
 * entity as it was. Also checks that `can`/`next` agree and that `allowed` lists no impossible pair.
 */
export function describeMachine<S extends string, A extends string, E extends WithStatus<S>>(
  machine: StateMachine<S, A, E>,
  allowed: readonly string[],
  entityIn: (status: S) => E,
): void {
  const expected = new Map<string, S>();
  for (const line of allowed) {
    const match = /^(\w+) --(\w+)--> (\w+)$/.exec(line);
    if (!match || !machine.states.includes(match[1] as S) || !machine.actions.includes(match[2] as A) || !machine.states.includes(match[3] as S)) {
      throw new Error(`not a transition of the ${machine.name} machine: ${line}`);
    }
    expected.set(`${match[1]} ${match[2]}`, match[3] as S);
  }
  const pairs = machine.states.flatMap((from) => machine.actions.map((action) => [from, action] as const));

  test(`the ${machine.name} table is snapshotted`, () => {
    expect(transitionTable(machine)).toMatchSnapshot();
  });

  test.each(
    pairs.map(([from, action]) => ({ from, action, to: expected.get(`${from} ${action}`) ?? null, outcome: expected.get(`${from} ${action}`) ?? 'refused' })),
  )(`${machine.name}: $from --$action--> $outcome`, ({ from, action, to }) => {
    const entity = entityIn(from);
    expect(machine.can(from, action)).toBe(to !== null);
    expect(machine.next(from, action)).toBe(to);
    if (to !== null) {
      const stored = entity.status;
      expect(machine.apply(entity, action, NOW)).toEqual({ from: stored, to });
      expect(entity.status).toBe(to);
    } else {
      const before = entity.status;
      expect(() => machine.apply(entity, action, NOW)).toThrow(TransitionRefused);
      expect(entity.status).toBe(before);
    }
  });
}
