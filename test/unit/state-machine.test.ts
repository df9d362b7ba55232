import { TransitionRefused, defineStateMachine, transitionTable } from '../../src/core/state-machine.js';

/** The clock these rules read (the state functions take the time explicitly). */
const NOW = new Date();

type Light = 'RED' | 'GREEN' | 'BROKEN';
type Action = 'go' | 'stop' | 'break';
interface Lamp {
  status: Light;
  powered: boolean;
}

const LAMP = defineStateMachine<Light, Action, Lamp>({
  name: 'lamp',
  states: ['RED', 'GREEN', 'BROKEN'],
  actions: ['go', 'stop', 'break'],
  transitions: { RED: { go: 'GREEN', break: 'BROKEN' }, GREEN: { stop: 'RED', break: 'BROKEN' }, BROKEN: {} },
  guards: { go: (lamp) => (lamp.powered ? null : { code: 'NO_POWER', message: 'No power.' }) },
});

test('can and next read the table', () => {
  expect(LAMP.can('RED', 'go')).toBe(true);
  expect(LAMP.can('RED', 'stop')).toBe(false);
  expect(LAMP.next('GREEN', 'stop')).toBe('RED');
  expect(LAMP.next('BROKEN', 'go')).toBeNull();
  expect(transitionTable(LAMP)).toEqual({
    RED: { go: 'GREEN', stop: '—', break: 'BROKEN' },
    GREEN: { go: '—', stop: 'RED', break: 'BROKEN' },
    BROKEN: { go: '—', stop: '—', break: '—' },
  });
});

test('apply sets the status and returns from/to; check does not change the entity', () => {
  const lamp: Lamp = { status: 'RED', powered: true };
  expect(LAMP.check(lamp, 'go', NOW)).toEqual({ from: 'RED', to: 'GREEN' });
  expect(lamp.status).toBe('RED');
  expect(LAMP.apply(lamp, 'go', NOW)).toEqual({ from: 'RED', to: 'GREEN' });
  expect(lamp.status).toBe('GREEN');
});

test('a refused transition throws TransitionRefused (INVALID_STATE by default) and changes nothing', () => {
  const lamp: Lamp = { status: 'BROKEN', powered: true };
  expect(() => LAMP.apply(lamp, 'go', NOW)).toThrow(TransitionRefused);
  try {
    LAMP.apply(lamp, 'go', NOW);
  } catch (error) {
    expect(error).toMatchObject({ machine: 'lamp', from: 'BROKEN', action: 'go', code: 'INVALID_STATE', message: 'A BROKEN lamp does not allow this (go).' });
  }
  expect(lamp.status).toBe('BROKEN');
});

test('a guard refuses with its own code, after the table allowed the action', () => {
  const lamp: Lamp = { status: 'RED', powered: false };
  expect(() => LAMP.apply(lamp, 'go', NOW)).toThrow(expect.objectContaining({ code: 'NO_POWER' }));
  expect(lamp.status).toBe('RED');
  expect(LAMP.apply(lamp, 'break', NOW)).toEqual({ from: 'RED', to: 'BROKEN' });
});

test('a table naming an unknown status or action is refused when defined', () => {
  expect(() =>
    defineStateMachine<Light, Action, Lamp>({ name: 'bad', states: ['RED'], actions: ['go'], transitions: { RED: { go: 'GREEN' } } as never }),
  ).toThrow(/unknown status GREEN/);
  expect(() =>
    defineStateMachine<Light, Action, Lamp>({ name: 'bad', states: ['RED'], actions: ['go'], transitions: { RED: { stop: 'RED' } } as never }),
  ).toThrow(/unknown action stop/);
});
