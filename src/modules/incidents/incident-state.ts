import { defineStateMachine } from '../../core/state-machine.js';
import { IncidentKind, IncidentStatus } from './incident.model.js';

export const INCIDENT_ACTIONS = ['close', 'proposeExemption', 'grantExemption', 'rejectExemption', 'verify', 'dismiss'] as const;
export type IncidentAction = (typeof INCIDENT_ACTIONS)[number];

/** What the machine reads of an incident. */
export interface IncidentState {
  status: IncidentStatus;
  endedAt: Date | null;
}

/** The status each kind of incident is reported in. */
export const INCIDENT_INITIAL_STATUS: Record<IncidentKind, IncidentStatus> = {
  [IncidentKind.OUTAGE]: IncidentStatus.NOT_EXEMPT,
  [IncidentKind.DATA_BREACH]: IncidentStatus.REPORTED,
};

/**
 * An incident's lifecycle as data. An outage is reported NOT_EXEMPT (it counts against
 * availability). The vendor may propose an exemption (EXEMPTION_PROPOSED, still counting); the
 * merchant grants it (EXEMPT) or rejects it (EXEMPTION_REJECTED) — or grants one on its own
 * initiative from NOT_EXEMPT. The merchant's decision is final. An open outage is closed once (in
 * any of its statuses) by recording its end. A data breach is REPORTED, then VERIFIED or DISMISSED
 * by the merchant, once.
 */
export const INCIDENT_MACHINE = defineStateMachine<IncidentStatus, IncidentAction, IncidentState>({
  name: 'incident',
  states: Object.values(IncidentStatus),
  actions: INCIDENT_ACTIONS,
  transitions: {
    [IncidentStatus.NOT_EXEMPT]: {
      close: IncidentStatus.NOT_EXEMPT,
      proposeExemption: IncidentStatus.EXEMPTION_PROPOSED,
      grantExemption: IncidentStatus.EXEMPT,
    },
    [IncidentStatus.EXEMPTION_PROPOSED]: {
      close: IncidentStatus.EXEMPTION_PROPOSED,
      grantExemption: IncidentStatus.EXEMPT,
      rejectExemption: IncidentStatus.EXEMPTION_REJECTED,
    },
    [IncidentStatus.EXEMPT]: { close: IncidentStatus.EXEMPT },
    [IncidentStatus.EXEMPTION_REJECTED]: { close: IncidentStatus.EXEMPTION_REJECTED },
    [IncidentStatus.REPORTED]: { verify: IncidentStatus.VERIFIED, dismiss: IncidentStatus.DISMISSED },
    [IncidentStatus.VERIFIED]: {},
    [IncidentStatus.DISMISSED]: {},
  },
  guards: {
    close: (incident) =>
      incident.endedAt !== null ? { code: 'CONFLICT', message: `The outage was closed already (it ended at ${incident.endedAt.toISOString()}).` } : null,
  },
  explainRefusal: (_incident, from, action) => {
    if (action === 'rejectExemption' && from === IncidentStatus.NOT_EXEMPT)
      return { code: 'INVALID_STATE', message: 'No exemption was proposed: the outage counts already.' };
    if ((action === 'grantExemption' || action === 'rejectExemption') && (from === IncidentStatus.EXEMPT || from === IncidentStatus.EXEMPTION_REJECTED))
      return { code: 'INVALID_STATE', message: `The exemption was decided already (${from}).` };
    if (action === 'proposeExemption' && from !== IncidentStatus.NOT_EXEMPT)
      return { code: 'INVALID_STATE', message: `An exemption cannot be proposed now: the outage is ${from}.` };
    if ((action === 'verify' || action === 'dismiss') && (from === IncidentStatus.VERIFIED || from === IncidentStatus.DISMISSED))
      return { code: 'INVALID_STATE', message: `The breach was decided already (${from}).` };
    return null;
  },
});
