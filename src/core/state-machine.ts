import { invariant } from './invariant.js';
/**
 * State machines as data (architecture.md, "Habits"): each lifecycle — requirements, bids,
 * contracts, later statements, inspections, rectifications — is a table `from → action → to`, with
 * optional guards, read by one small helper. Services never set a status by hand: they call
 * `apply`, which checks the table and the guard, sets the status and returns `{ from, to }` for the
 * audit event, or throws a TransitionRefused that the service turns into userErrors.
 *
 * Nothing here knows GraphQL, the database or any domain.
 */

/** Why a transition was refused: a machine-readable code (INVALID_STATE, DEADLINE_PASSED, …) and a sentence for people. */
export interface Refusal {
  code: string;
  message: string;
}

export class TransitionRefused extends Error implements Refusal {
  constructor(
    readonly machine: string,
    readonly from: string,
    readonly action: string,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'TransitionRefused';
  }
}

export interface Transition<S extends string> {
  /** The stored status before (what the audit event records as `before`). */
  from: S;
  to: S;
}

/** An entity whose status a machine moves. */
export interface WithStatus<S extends string> {
  status: S;
}

export interface StateMachineDefinition<S extends string, A extends string, E extends WithStatus<S>> {
  /** Lower-case noun used in messages: "requirement", "bid", "contract". */
  name: string;
  /** Every status, in a stable order (the exhaustive tests iterate over them). */
  states: readonly S[];
  /** Every action, in a stable order. */
  actions: readonly A[];
  /** The table: from each status, the actions it allows and the status each leads to. */
  transitions: { readonly [from in S]: { readonly [action in A]?: S } };
  /**
   * The status the table is read from (default: the stored `status`). A requirement, for one, reads
   * EVALUATING once its deadline has passed, whether or not the deadline job has stored it yet.
   */
  statusOf?: (entity: E, now: Date) => S;
  /** Conditions beyond the status: a guard returns a refusal, or nothing when the transition may go ahead. */
  guards?: { readonly [action in A]?: (entity: E, now: Date) => Refusal | null | undefined };
  /** How to explain an action the table does not allow from `from` (default: INVALID_STATE). */
  explainRefusal?: (entity: E, from: S, action: A, now: Date) => Refusal | null | undefined;
}

export interface StateMachine<S extends string, A extends string, E extends WithStatus<S>> {
  readonly name: string;
  readonly states: readonly S[];
  readonly actions: readonly A[];
  readonly transitions: StateMachineDefinition<S, A, E>['transitions'];
  /** Whether the table allows `action` from `from` (guards are not consulted: they need the entity). */
  can(from: S, action: A): boolean;
  /** Where `action` leads from `from` by the table, or null when it is not allowed. */
  next(from: S, action: A): S | null;
  /** The status the table is read from for this entity. */
  statusOf(entity: E, now: Date): S;
  /**
   * Checks that `action` may happen to `entity` now (table, then guard) without changing it, and
   * returns the transition it would make; throws TransitionRefused otherwise. For actions that
   * happen *in* a status (a bid on an OPEN requirement) rather than move it.
   */
  check(entity: E, action: A, now: Date): Transition<S>;
  /** `check`, then sets the entity's status: the only way a status changes. */
  apply(entity: E, action: A, now: Date): Transition<S>;
}

export function defineStateMachine<S extends string, A extends string, E extends WithStatus<S>>(
  definition: StateMachineDefinition<S, A, E>,
): StateMachine<S, A, E> {
  const { name, states, actions, transitions } = definition;
  for (const from of states) {
    for (const [action, to] of Object.entries(transitions[from] ?? {})) {
      invariant(actions.includes(action as A), `${name} machine: unknown action ${action} from ${from}`);
      invariant(states.includes(to as S), `${name} machine: unknown status ${String(to)} (${from} → ${action})`);
    }
  }
  const next = (from: S, action: A): S | null => transitions[from]?.[action] ?? null;
  const statusOf = (entity: E, now: Date): S => (definition.statusOf ? definition.statusOf(entity, now) : entity.status);
  const refuse = (from: S, action: A, refusal: Refusal): never => {
    throw new TransitionRefused(name, from, action, refusal.code, refusal.message);
  };
  const check = (entity: E, action: A, now: Date): Transition<S> => {
    const from = statusOf(entity, now);
    const to = next(from, action);
    if (to === null) {
      refuse(
        from,
        action,
        definition.explainRefusal?.(entity, from, action, now) ?? { code: 'INVALID_STATE', message: `A ${from} ${name} does not allow this (${action}).` },
      );
    }
    const refusal = definition.guards?.[action]?.(entity, now);
    if (refusal) refuse(from, action, refusal);
    return { from: entity.status, to: to! };
  };
  return {
    name,
    states,
    actions,
    transitions,
    can: (from, action) => next(from, action) !== null,
    next,
    statusOf,
    check,
    apply(entity, action, now) {
      const transition = check(entity, action, now);
      entity.status = transition.to;
      return transition;
    },
  };
}

/** The table as plain data, `—` where an action is refused: what the snapshot tests print. */
export function transitionTable<S extends string, A extends string, E extends WithStatus<S>>(machine: StateMachine<S, A, E>): Record<S, Record<A, S | '—'>> {
  return Object.fromEntries(
    machine.states.map((from) => [from, Object.fromEntries(machine.actions.map((action) => [action, machine.next(from, action) ?? '—']))]),
  ) as Record<S, Record<A, S | '—'>>;
}
