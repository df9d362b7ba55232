import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../../graphql/connection.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { Node } from '../../graphql/node.js';
import { DateTimeScalar, DecimalScalar, YearMonthScalar } from '../../graphql/scalars.js';
import { UserError } from '../../graphql/user-error.js';
import { fixed } from '../../core/decimal-scale.js';
import { ContractParty } from '../contracts/contract.model.js';
import type { MonthlyAvailability } from './availability.rules.js';
import type { Incident } from './incident.entity.js';
import { ExemptionGrounds, IncidentKind, IncidentStatus } from './incident.model.js';

registerEnumType(IncidentKind, {
  name: 'IncidentKind',
  description: 'What happened.',
  valuesConfig: {
    OUTAGE: { description: 'The vendor’s service was down: counts against the month’s availability unless exempt.' },
    DATA_BREACH: { description: 'Customers’ data was exposed: a verified breach is deducted from its month’s statement (20% by default).' },
  },
});

registerEnumType(IncidentStatus, {
  name: 'IncidentStatus',
  description:
    'Outages: NOT_EXEMPT → EXEMPTION_PROPOSED (vendor) → EXEMPT | EXEMPTION_REJECTED (merchant), or NOT_EXEMPT → EXEMPT (merchant). Data breaches: REPORTED → VERIFIED | DISMISSED (merchant).',
  valuesConfig: {
    NOT_EXEMPT: { description: 'Outage counted against availability; no exemption proposed.' },
    EXEMPTION_PROPOSED: { description: 'Outage the vendor proposes as exempt; still counted until the merchant grants it.' },
    EXEMPT: { description: 'Outage the merchant decided exempt: ignored by availability.' },
    EXEMPTION_REJECTED: { description: 'Outage whose proposed exemption the merchant rejected: counted.' },
    REPORTED: { description: 'Data breach reported, not yet verified by the merchant.' },
    VERIFIED: { description: 'Data breach the merchant verified.' },
    DISMISSED: { description: 'Reported data breach the merchant found was none.' },
  },
});

registerEnumType(ExemptionGrounds, {
  name: 'ExemptionGrounds',
  description: 'Why an outage does not count against the vendor.',
  valuesConfig: {
    PLANNED_WITH_NOTICE: { description: 'Planned maintenance announced with notice.' },
    OUTSIDE_VENDOR: { description: 'Caused outside the vendor (the merchant’s systems, a platform, a carrier, force majeure).' },
  },
});

export const INCIDENT_TYPE = 'Incident';

@ObjectType('Incident', { implements: Node, description: 'An outage or a data breach on a contract, recorded by either party.' })
export class IncidentNode extends Node {
  rawId!: string;
  contractRawId!: string;
  reportedByUserRawId!: string | null;
  decidedByUserRawId!: string | null;

  @Field(() => IncidentKind, { description: 'Outage or data breach.' }) kind!: IncidentKind;
  @Field(() => IncidentStatus, { description: 'Where the exemption (outage) or verification (breach) stands.' }) status!: IncidentStatus;
  @Field(() => DateTimeScalar, { description: 'Outage: when it began. Data breach: when it happened.' }) startedAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Outage: when service was back; null while open (an open outage counts up to now).' })
  endedAt!: Date | null;
  @Field({ description: 'What caused it / what happened (mobile numbers, ID-card numbers and e-mail addresses masked).' }) cause!: string;
  @Field(() => ContractParty, { description: 'The party that reported it.' }) reportedBy!: ContractParty;
  @Field(() => DateTimeScalar, { description: 'When it was reported.' }) reportedAt!: Date;
  @Field({ description: 'Whether an API key (a monitoring system) reported it rather than a person.' }) reportedByApiKey!: boolean;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Outage: when its end was recorded.' }) closedAt!: Date | null;
  @Field({ description: 'Outage: whether it is exempt (the merchant decided so): ignored by availability. False for data breaches.' }) exempt!: boolean;
  @Field(() => ExemptionGrounds, { nullable: true, description: 'Outage: the grounds of the proposed or granted exemption.' })
  exemptionGrounds!: ExemptionGrounds | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Outage: when the vendor proposed the exemption.' }) exemptionProposedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'Outage: the vendor’s note with its proposal (personal data masked).' })
  exemptionProposalNote!: string | null;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the merchant decided: the exemption of an outage, or the verification of a breach.',
  })
  decidedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'The merchant’s note with its decision (personal data masked).' }) decisionNote!: string | null;

  static of(entity: Incident): IncidentNode {
    return Object.assign(new IncidentNode(), {
      id: toGlobalId(INCIDENT_TYPE, entity.id),
      rawId: entity.id,
      contractRawId: entity.contractId,
      reportedByUserRawId: entity.reportedByUser,
      decidedByUserRawId: entity.decidedByUser,
      kind: entity.kind,
      status: entity.status,
      startedAt: entity.startedAt,
      endedAt: entity.endedAt,
      cause: entity.cause,
      reportedBy: entity.reportedByOrganization === entity.merchantId ? ContractParty.MERCHANT : ContractParty.VENDOR,
      reportedAt: entity.reportedAt,
      reportedByApiKey: entity.reportedByApiKey !== null,
      closedAt: entity.closedAt,
      exempt: entity.status === IncidentStatus.EXEMPT,
      exemptionGrounds: entity.exemptionGrounds,
      exemptionProposedAt: entity.exemptionProposedAt,
      exemptionProposalNote: entity.exemptionProposalNote,
      decidedAt: entity.decidedAt,
      decisionNote: entity.decisionNote,
    });
  }
}

export const IncidentConnection = ConnectionType(IncidentNode, 'Incident');

@ObjectType('AvailabilityOutage', { description: 'An outage with minutes in the month, as availability counts it.' })
export class AvailabilityOutageType {
  incidentRawId!: string;
  @Field(() => Int, { description: 'Its minutes inside the month (cut at the month’s midnights in the contract’s time zone; an open one up to now).' })
  minutes!: number;
  @Field({ description: 'Exempt: its minutes are ignored.' }) exempt!: boolean;
}

@ObjectType('ContractAvailability', {
  description:
    'System availability of a contract in a calendar month (in the contract’s time zone): (1 − non-exempt outage minutes ÷ minutes in the month) × 100. Overlapping outages count once; an open outage counts up to now.',
})
export class ContractAvailabilityType {
  @Field(() => YearMonthScalar, { description: 'The month.' }) month!: string;
  @Field(() => Int, { description: 'Minutes in the month (44,640 for a 31-day month).' }) minutesInMonth!: number;
  @Field(() => Int, { description: 'Minutes during which at least one non-exempt outage ran.' }) nonExemptOutageMinutes!: number;
  @Field(() => Int, { description: 'Minutes during which only exempt outages ran (ignored).' }) exemptOutageMinutes!: number;
  @Field(() => DecimalScalar, { description: 'Availability in percent, exact, 2 decimals rounded half-up ("95.52").' }) availabilityPercent!: string;
  @Field(() => [AvailabilityOutageType], { description: 'The outages with minutes in the month, by start.' }) outages!: AvailabilityOutageType[];

  static of(availability: MonthlyAvailability): ContractAvailabilityType {
    return Object.assign(new ContractAvailabilityType(), {
      ...availability,
      availabilityPercent: fixed(availability.availabilityPercent, 'PERCENT'),
      outages: availability.outages.map((o) => Object.assign(new AvailabilityOutageType(), { incidentRawId: o.id, minutes: o.minutes, exempt: o.exempt })),
    });
  }
}

@InputType({ description: 'An incident as a party reports it.' })
export class IncidentReportInput {
  @Field(() => IncidentKind, { description: 'Outage or data breach.' }) kind!: IncidentKind;
  @Field(() => DateTimeScalar, {
    description: 'Outage: when it began, on a whole minute. Data breach: when it happened. Not in the future, inside the contract’s term.',
  })
  startedAt!: Date;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'Outages only: when service was back (whole minute, after the start, not in the future). Leave out while the outage goes on.',
  })
  endedAt?: Date | null;
  @Field({ description: 'What caused it / what happened (3–2,000 characters; personal data is masked before it is stored).' }) cause!: string;
  @Field(() => ExemptionGrounds, {
    nullable: true,
    description: 'Outages only: reported by the vendor, proposes an exemption on these grounds; by the merchant (a person), grants it.',
  })
  exemptionGrounds?: ExemptionGrounds | null;
}

@InputType({ description: 'The end of an open outage.' })
export class OutageCloseInput {
  @Field(() => DateTimeScalar, { description: 'When service was back: a whole minute, after the start, not in the future, inside the term.' }) endedAt!: Date;
}

@InputType({ description: 'The vendor’s proposal that an outage be exempt.' })
export class OutageExemptionProposeInput {
  @Field(() => ExemptionGrounds, { description: 'Why it should not count.' }) grounds!: ExemptionGrounds;
  @Field(() => String, { nullable: true, description: 'A note for the merchant (up to 2,000 characters; personal data masked), e.g. where notice was given.' })
  note?: string | null;
}

@InputType({ description: 'The merchant’s decision on an outage’s exemption.' })
export class OutageExemptionDecideInput {
  @Field({ description: 'True: the outage is exempt (granted); false: the vendor’s proposal is rejected. Final.' }) exempt!: boolean;
  @Field(() => ExemptionGrounds, { nullable: true, description: 'Grounds when granting without a proposal (a proposal’s grounds otherwise).' })
  grounds?: ExemptionGrounds | null;
  @Field(() => String, { nullable: true, description: 'A note (up to 2,000 characters; personal data masked).' }) note?: string | null;
}

@InputType({ description: 'The merchant’s finding on a reported data breach.' })
export class DataBreachVerifyInput {
  @Field({ description: 'True: the breach is confirmed (VERIFIED); false: it was none (DISMISSED). Final.' }) confirmed!: boolean;
  @Field(() => String, { nullable: true, description: 'A note (up to 2,000 characters; personal data masked).' }) note?: string | null;
}

@ObjectType({ description: 'Result of an incident mutation.' })
export class IncidentPayload {
  @Field(() => IncidentNode, { nullable: true, description: 'The incident as it now stands; null after a failure.' }) incident!: IncidentNode | null;
  @Field(() => [UserError], { description: 'Why nothing was changed, if so.' }) userErrors!: UserError[];
}
