import { LockMode } from '@mikro-orm/core';
import { DomainErrorCode, DomainErrors, domainProblem, transitionOrFail, type DomainProblem } from '../../core/domain-error.js';
import type { RequestContext } from '../../core/request-context.js';
import type { ContractAuditAction } from '../audit/audit.model.js';
import { recordAudit } from '../audit/audit.service.js';
import { addDays } from '../calendar/china-holidays.js';
import { ContractStatus, type Contract } from '../contracts/contract.entity.js';
import { contractTimeZone, effectiveState } from '../contracts/contract-state.js';
import { contractById } from '../contracts/contract.loaders.js';
import { partyOf } from '../contracts/contract-lifecycle.service.js';
import { ContractParty } from '../contracts/contract.model.js';
import { startOfLocalDay } from './availability.rules.js';
import { INCIDENT_INITIAL_STATUS, INCIDENT_MACHINE, type IncidentAction } from './incident-state.js';
import { Incident } from './incident.entity.js';
import {
  IncidentKind,
  type DataBreachVerifyCommand,
  type IncidentReportCommand,
  type OutageCloseCommand,
  type OutageExemptionDecideCommand,
  type OutageExemptionProposeCommand,
} from './incident.model.js';
import { checkIncidentTimes, checkNote, checkText, INCIDENT_TEXT_LIMITS, type IncidentTerm } from './incident.rules.js';

interface Acting {
  organizationId: string;
  party: ContractParty;
  userId: string | null;
  apiKeyId: string | null;
}

const fail = (...problems: DomainProblem[]) => new DomainErrors(problems);
const contractNotFound = () => fail(domainProblem(DomainErrorCode.NOT_FOUND, ['contractId'], 'No such contract.'));
const incidentNotFound = () => fail(domainProblem(DomainErrorCode.NOT_FOUND, ['id'], 'No such incident.'));

function actingFor(ctx: RequestContext, contract: Pick<Contract, 'merchantId' | 'vendorId'>): Acting | null {
  const viewer = ctx.viewer;
  if (viewer.kind !== 'member') return null;
  const party = partyOf(contract, viewer.organizationId);
  return party && { organizationId: viewer.organizationId, party, userId: viewer.userId, apiKeyId: viewer.apiKeyId };
}

/**
 * The instants a contract's incidents may lie in: from midnight of its first day to midnight after
 * its last (the end of the current term, renewals included, or of the transition after a
 * termination), in the contract's time zone.
 */
export function incidentTerm(contract: Contract, now: Date): IncidentTerm {
  const timeZone = contractTimeZone(contract);
  const lastDay = contract.transitionEndsOn ?? effectiveState(contract, now).endDate;
  return { start: startOfLocalDay(contract.startDate, timeZone), end: startOfLocalDay(addDays(lastDay, 1), timeZone), firstDay: contract.startDate, lastDay };
}

function snapshot(incident: Incident): Record<string, unknown> {
  return {
    status: incident.status,
    endedAt: incident.endedAt,
    exemptionGrounds: incident.exemptionGrounds,
    decidedBy: incident.decidedByUser,
  };
}

/** Applies a machine step (refusals become userErrors on `id`), then audits the change. */
function step(ctx: RequestContext, incident: Incident, action: IncidentAction, change: () => void, auditAction: ContractAuditAction) {
  const before = snapshot(incident);
  transitionOrFail(() => INCIDENT_MACHINE.apply(incident, action, ctx.clock.now()));
  change();
  recordAudit(ctx, { action: auditAction, entityType: 'Incident', entityId: incident.id, contractId: incident.contractId, before, after: snapshot(incident) });
}

/**
 * A party records an incident on one of its contracts (in force or ended, not before its start).
 * Outages: start and end on whole minutes, the end optional (open until closed); with exemption
 * grounds, the vendor proposes an exemption and the merchant (a person) grants it at once. The
 * cause is stored with personal data masked.
 */
export async function reportIncident(ctx: RequestContext, contractId: string | null, command: IncidentReportCommand): Promise<Incident> {
  const contract = contractId ? await contractById(ctx).load(contractId) : null;
  const acting = contract && actingFor(ctx, contract);
  if (!contract || !acting) throw contractNotFound();
  const now = ctx.clock.now();
  const status = effectiveState(contract, now).status;
  if (status === ContractStatus.PENDING_SIGNATURE) {
    throw fail(
      domainProblem(
        DomainErrorCode.INVALID_STATE,
        ['contractId'],
        'The contract is not in force yet (PENDING_SIGNATURE): there is no service to have incidents.',
      ),
    );
  }
  const outage = command.kind === IncidentKind.OUTAGE;
  const problems: DomainProblem[] = [];
  const cause = checkText(command.cause, INCIDENT_TEXT_LIMITS.cause, ['input', 'cause'], problems);
  if (!outage && command.endedAt != null) problems.push(domainProblem(DomainErrorCode.INVALID, ['input', 'endedAt'], 'Only outages have an end.'));
  if (!outage && command.exemptionGrounds != null)
    problems.push(domainProblem(DomainErrorCode.INVALID, ['input', 'exemptionGrounds'], 'Only outages can be exempt.'));
  if (outage && command.exemptionGrounds != null && acting.party === ContractParty.MERCHANT && acting.userId === null)
    problems.push(
      domainProblem(DomainErrorCode.INVALID, ['input', 'exemptionGrounds'], 'An exemption is decided by a person of the merchant, not an API key.'),
    );
  checkIncidentTimes(
    { startedAt: command.startedAt, endedAt: outage ? command.endedAt : null, outage },
    incidentTerm(contract, now),
    now,
    { startedAt: ['input', 'startedAt'], endedAt: ['input', 'endedAt'] },
    problems,
  );
  if (problems.length) throw new DomainErrors(problems);

  const incident = Object.assign(new Incident(), {
    contractId: contract.id,
    merchantId: contract.merchantId,
    vendorId: contract.vendorId,
    kind: command.kind,
    status: INCIDENT_INITIAL_STATUS[command.kind],
    startedAt: command.startedAt,
    endedAt: outage ? (command.endedAt ?? null) : null,
    cause: cause!,
    reportedByOrganization: acting.organizationId,
    reportedByUser: acting.userId,
    reportedByApiKey: acting.apiKeyId,
    reportedAt: now,
    closedAt: outage && command.endedAt != null ? now : null,
    closedByOrganization: outage && command.endedAt != null ? acting.organizationId : null,
  });
  if (outage && command.exemptionGrounds != null) {
    const grounds = command.exemptionGrounds;
    if (acting.party === ContractParty.VENDOR) {
      transitionOrFail(() => INCIDENT_MACHINE.apply(incident, 'proposeExemption', now), ['input', 'exemptionGrounds']);
      Object.assign(incident, { exemptionGrounds: grounds, exemptionProposedAt: now, exemptionProposedByUser: acting.userId });
    } else {
      transitionOrFail(() => INCIDENT_MACHINE.apply(incident, 'grantExemption', now), ['input', 'exemptionGrounds']);
      Object.assign(incident, { exemptionGrounds: grounds, decidedAt: now, decidedByUser: acting.userId });
    }
  }
  ctx.uow.em.persist(incident);
  recordAudit(ctx, {
    action: 'incident.report',
    entityType: 'Incident',
    entityId: incident.id,
    contractId: contract.id,
    after: {
      contractId: contract.id,
      kind: incident.kind,
      status: incident.status,
      startedAt: incident.startedAt,
      endedAt: incident.endedAt,
      cause: incident.cause,
    },
  });
  return incident;
}

/** The incident (locked: decisions on it serialize), its contract and the acting party; NOT_FOUND for anyone but the two parties. */
async function loadIncident(
  ctx: RequestContext,
  incidentId: string | null,
  kind: IncidentKind,
): Promise<{ incident: Incident; contract: Contract; acting: Acting }> {
  const incident = incidentId ? await ctx.uow.em.findOne(Incident, { id: incidentId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true }) : null;
  const contract = incident && (await contractById(ctx).load(incident.contractId));
  const acting = contract && actingFor(ctx, contract);
  if (!incident || !contract || !acting) throw incidentNotFound();
  if (incident.kind !== kind) {
    const what = kind === IncidentKind.OUTAGE ? 'outages' : 'data breaches';
    throw fail(domainProblem(DomainErrorCode.INVALID, ['id'], `This incident is a ${incident.kind}: this applies to ${what} only.`));
  }
  return { incident, contract, acting };
}

function requireParty(acting: Acting, party: ContractParty, what: string): void {
  if (acting.party !== party) throw fail(domainProblem(DomainErrorCode.INVALID_STATE, ['id'], `${what} is for the ${party.toLowerCase()} of the contract.`));
}

/** Either party records the end of an open outage (once; on a whole minute, after its start, not in the future, inside the term). */
export async function closeOutage(ctx: RequestContext, incidentId: string | null, command: OutageCloseCommand): Promise<Incident> {
  const { incident, contract, acting } = await loadIncident(ctx, incidentId, IncidentKind.OUTAGE);
  const now = ctx.clock.now();
  transitionOrFail(() => INCIDENT_MACHINE.check(incident, 'close', now));
  const problems: DomainProblem[] = [];
  checkIncidentTimes(
    { startedAt: incident.startedAt, endedAt: command.endedAt, outage: true },
    { ...incidentTerm(contract, now), start: new Date(0) },
    now,
    { startedAt: ['id'], endedAt: ['input', 'endedAt'] },
    problems,
  );
  if (problems.length) throw new DomainErrors(problems);
  step(
    ctx,
    incident,
    'close',
    () => Object.assign(incident, { endedAt: command.endedAt, closedAt: now, closedByOrganization: acting.organizationId }),
    'incident.outage.close',
  );
  return incident;
}

/** The vendor proposes that an outage be exempt (planned with notice, or caused outside it); it counts until the merchant grants it. */
export async function proposeExemption(ctx: RequestContext, incidentId: string | null, command: OutageExemptionProposeCommand): Promise<Incident> {
  const { incident, acting } = await loadIncident(ctx, incidentId, IncidentKind.OUTAGE);
  requireParty(acting, ContractParty.VENDOR, 'Proposing an exemption');
  const problems: DomainProblem[] = [];
  const note = checkNote(command.note, ['input', 'note'], problems);
  if (problems.length) throw new DomainErrors(problems);
  const now = ctx.clock.now();
  step(
    ctx,
    incident,
    'proposeExemption',
    () =>
      Object.assign(incident, {
        exemptionGrounds: command.grounds,
        exemptionProposedAt: now,
        exemptionProposedByUser: acting.userId,
        exemptionProposalNote: note,
      }),
    'incident.exemption.propose',
  );
  return incident;
}

/** The merchant (a person) decides an outage's exemption: grants it (on the proposal's grounds or its own) or rejects the vendor's proposal. Final. */
export async function decideExemption(ctx: RequestContext, incidentId: string | null, command: OutageExemptionDecideCommand): Promise<Incident> {
  const { incident, acting } = await loadIncident(ctx, incidentId, IncidentKind.OUTAGE);
  requireParty(acting, ContractParty.MERCHANT, 'Deciding an exemption');
  const problems: DomainProblem[] = [];
  const note = checkNote(command.note, ['input', 'note'], problems);
  const grounds = command.exempt ? (command.grounds ?? incident.exemptionGrounds) : incident.exemptionGrounds;
  if (command.exempt && grounds === null)
    problems.push(domainProblem(DomainErrorCode.INVALID, ['input', 'grounds'], 'Give the grounds of the exemption (no proposal names any).'));
  if (problems.length) throw new DomainErrors(problems);
  const now = ctx.clock.now();
  step(
    ctx,
    incident,
    command.exempt ? 'grantExemption' : 'rejectExemption',
    () => Object.assign(incident, { exemptionGrounds: grounds, decidedAt: now, decidedByUser: acting.userId, decisionNote: note }),
    'incident.exemption.decide',
  );
  return incident;
}

/** The merchant (a person) verifies a reported data breach (a deduction on its month's statement) or dismisses it. Final. */
export async function verifyBreach(ctx: RequestContext, incidentId: string | null, command: DataBreachVerifyCommand): Promise<Incident> {
  const { incident, acting } = await loadIncident(ctx, incidentId, IncidentKind.DATA_BREACH);
  requireParty(acting, ContractParty.MERCHANT, 'Verifying a data breach');
  const problems: DomainProblem[] = [];
  const note = checkNote(command.note, ['input', 'note'], problems);
  if (problems.length) throw new DomainErrors(problems);
  const now = ctx.clock.now();
  step(
    ctx,
    incident,
    command.confirmed ? 'verify' : 'dismiss',
    () => Object.assign(incident, { decidedAt: now, decidedByUser: acting.userId, decisionNote: note }),
    'incident.breach.verify',
  );
  return incident;
}
