import { INCIDENT_INITIAL_STATUS, INCIDENT_MACHINE, type IncidentState } from '../../src/modules/incidents/incident-state.js';
import { IncidentKind, IncidentStatus } from '../../src/modules/incidents/incident.model.js';
import { TransitionRefused } from '../../src/core/state-machine.js';
import { describeMachine } from '../helpers/state-machines.js';

/** The spec: every transition an incident allows. Everything else is refused. */
const ALLOWED = [
  'NOT_EXEMPT --close--> NOT_EXEMPT',
  'NOT_EXEMPT --proposeExemption--> EXEMPTION_PROPOSED',
  'NOT_EXEMPT --grantExemption--> EXEMPT',
  'EXEMPTION_PROPOSED --close--> EXEMPTION_PROPOSED',
  'EXEMPTION_PROPOSED --grantExemption--> EXEMPT',
  'EXEMPTION_PROPOSED --rejectExemption--> EXEMPTION_REJECTED',
  'EXEMPT --close--> EXEMPT',
  'EXEMPTION_REJECTED --close--> EXEMPTION_REJECTED',
  'REPORTED --verify--> VERIFIED',
  'REPORTED --dismiss--> DISMISSED',
];

/** An open incident in a status (so the close guard lets it through). */
describeMachine(INCIDENT_MACHINE, ALLOWED, (status): IncidentState => ({ status, endedAt: null }));

test('outages are reported NOT_EXEMPT, data breaches REPORTED', () => {
  expect(INCIDENT_INITIAL_STATUS).toEqual({ [IncidentKind.OUTAGE]: IncidentStatus.NOT_EXEMPT, [IncidentKind.DATA_BREACH]: IncidentStatus.REPORTED });
});

test('an outage is closed once: a closed one refuses close (CONFLICT), in every outage status', () => {
  for (const status of [IncidentStatus.NOT_EXEMPT, IncidentStatus.EXEMPTION_PROPOSED, IncidentStatus.EXEMPT, IncidentStatus.EXEMPTION_REJECTED]) {
    const closed = { status, endedAt: new Date('2026-10-02T00:00:00Z') };
    expect(() => INCIDENT_MACHINE.apply(closed, 'close', new Date())).toThrow(expect.objectContaining({ code: 'CONFLICT' }) as unknown as TransitionRefused);
    expect(closed.status).toBe(status);
  }
});

test('refusals explain themselves: a decided exemption, nothing proposed, a decided breach', () => {
  const refusal = (status: IncidentStatus, action: Parameters<typeof INCIDENT_MACHINE.apply>[1]) => {
    try {
      INCIDENT_MACHINE.apply({ status, endedAt: null }, action, new Date());
    } catch (error) {
      return (error as TransitionRefused).message;
    }
    throw new Error('not refused');
  };
  expect(refusal(IncidentStatus.EXEMPT, 'rejectExemption')).toMatch(/decided already/);
  expect(refusal(IncidentStatus.NOT_EXEMPT, 'rejectExemption')).toMatch(/No exemption was proposed/);
  expect(refusal(IncidentStatus.EXEMPTION_REJECTED, 'proposeExemption')).toMatch(/cannot be proposed/);
  expect(refusal(IncidentStatus.VERIFIED, 'dismiss')).toMatch(/decided already/);
});
