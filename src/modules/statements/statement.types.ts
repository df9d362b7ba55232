import { Decimal } from 'decimal.js';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../../graphql/connection.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { Money } from '../../graphql/money.js';
import { Node } from '../../graphql/node.js';
import { DateScalar, DateTimeScalar, DecimalScalar, YearMonthScalar } from '../../graphql/scalars.js';
import { UserError } from '../../graphql/user-error.js';
import { INCIDENT_TYPE } from '../incidents/incident.types.js';
import { INSPECTION_TYPE } from '../inspections/inspection.types.js';
import type { LineDifference, LineEvidence, StatementComputation, StatementLine } from './billing/statement-facts.js';
import type { Statement, StatementDispute, StatementLineRow, StatementPayment } from './statement.entity.js';
import { StatementStatus } from './statement.model.js';
import { effectiveStatementStatus } from './statement-state.js';

export const STATEMENT_TYPE = 'Statement';
export const STATEMENT_PAYMENT_TYPE = 'StatementPayment';

registerEnumType(StatementStatus, {
  name: 'StatementStatus',
  description:
    'DRAFT (generated after the month ends, regenerated while draft) → ISSUED (vendor) → CONFIRMED (merchant) | DEEMED_CONFIRMED (unanswered for 5 working days) | DISPUTED (merchant, reasons per line) → SUPERSEDED (when the revision is issued). PAID once payments reach the total.',
  valuesConfig: {
    DRAFT: { description: 'Figures from the facts recorded so far; the vendor may regenerate it, nobody is bound by it.' },
    ISSUED: { description: 'Issued by the vendor: its lines and amounts never change again. Awaits the merchant.' },
    CONFIRMED: { description: 'Confirmed by the merchant’s finance.' },
    DEEMED_CONFIRMED: { description: 'Neither confirmed nor disputed by the end of the 5th working day after issuance: deemed confirmed.' },
    DISPUTED: { description: 'Disputed by the merchant with a reason per line: the vendor issues a revised version.' },
    SUPERSEDED: { description: 'A disputed version replaced by its issued revision.' },
    PAID: { description: 'Paid in full.' },
  },
});

@ObjectType('StatementLineEvidence', { description: 'What a line was computed from: enough to fetch the same facts and recompute it.' })
export class StatementLineEvidenceType {
  @Field(() => [DateScalar], { description: 'The usage days of a service charge (empty for other lines).' }) dates!: string[];
  @Field(() => DateScalar, { nullable: true, description: 'First day of the terms the line was priced under.' }) termsFrom!: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'Last day of those terms in the month.' }) termsTo!: string | null;
  @Field(() => [Int], { description: 'The binding amendments those terms include (empty: the terms as awarded).' }) amendmentNumbers!: number[];
  @Field(() => Int, { nullable: true, description: 'Contract month whose (ramp-up) rate applies.' }) contractMonth!: number | null;
  @Field(() => String, { nullable: true, description: 'Seat type of a seat line.' }) seatType!: string | null;
  @Field(() => [ID], { description: 'Incidents (outages counted in availability, verified data breaches): global IDs.' }) incidentIds!: string[];
  @Field(() => [ID], { description: 'Failed inspections deducted: global IDs.' }) inspectionIds!: string[];
  @Field(() => [ID], { description: 'Payments made after their due date whose fee this is: global IDs.' }) paymentIds!: string[];
  @Field(() => [ID], { description: 'The earlier statements those payments settled: global IDs.' }) statementIds!: string[];
  @Field(() => DecimalScalar, { nullable: true, description: 'Availability of the month, percent, 2 decimals.' }) availabilityPercent!: string | null;
  @Field(() => Int, { nullable: true, description: 'Non-exempt outage minutes of the month.' }) outageMinutes!: number | null;
  @Field(() => Int, { nullable: true, description: 'Minutes in the month.' }) minutesInMonth!: number | null;
  @Field(() => Int, { nullable: true, description: 'Days a payment was late.' }) daysLate!: number | null;

  static of(evidence: LineEvidence): StatementLineEvidenceType {
    return Object.assign(new StatementLineEvidenceType(), {
      dates: evidence.dates ?? [],
      termsFrom: evidence.termsFrom ?? null,
      termsTo: evidence.termsTo ?? null,
      amendmentNumbers: evidence.amendmentNumbers ?? [],
      contractMonth: evidence.contractMonth ?? null,
      seatType: evidence.seatType ?? null,
      incidentIds: (evidence.incidentIds ?? []).map((id) => toGlobalId(INCIDENT_TYPE, id)),
      inspectionIds: (evidence.inspectionIds ?? []).map((id) => toGlobalId(INSPECTION_TYPE, id)),
      paymentIds: (evidence.paymentIds ?? []).map((id) => toGlobalId(STATEMENT_PAYMENT_TYPE, id)),
      statementIds: (evidence.statementIds ?? []).map((id) => toGlobalId(STATEMENT_TYPE, id)),
      availabilityPercent: evidence.availabilityPercent ?? null,
      outageMinutes: evidence.outageMinutes ?? null,
      minutesInMonth: evidence.minutesInMonth ?? null,
      daysLate: evidence.daysLate ?? null,
    });
  }
}

@ObjectType('StatementLine', {
  description: 'A line of a statement: amount = quantity × unit price, or a percentage of the service charges, half-up to the cent.',
})
export class StatementLineType {
  @Field(() => Int, { description: '1-based position in the statement.' }) position!: number;
  @Field({ description: 'SERVICE_CHARGE, DEDUCTION or FEE (late-payment fees are outside VAT).' }) section!: string;
  @Field({
    description:
      'BASE_CONTACTS, HOLIDAY_CONTACTS, SEATS, FIXED_FEE, TIER, AVAILABILITY_DEDUCTION, DATA_BREACH_DEDUCTION, INSPECTION_DEDUCTION, DEDUCTION_CAP or LATE_PAYMENT_FEE.',
  })
  kind!: string;
  @Field({ description: 'What the line charges or deducts, in words.' }) description!: string;
  @Field(() => DecimalScalar, { nullable: true, description: 'Contacts, seat-months or the share of a month; null for percentage lines.' })
  quantity!: string | null;
  @Field(() => Money, { nullable: true, description: 'Price per unit (after ramp-up and holiday multiplier).' }) unitPrice!: Money | null;
  @Field(() => DecimalScalar, { nullable: true, description: 'Deductions: percent of the service charges. Fees: percent per day late.' })
  percent!: string | null;
  @Field(() => Money, { description: 'Signed amount: deductions are negative.' }) amount!: Money;
  @Field(() => StatementLineEvidenceType, { description: 'What it was computed from.' }) evidence!: StatementLineEvidenceType;

  static ofRow(row: StatementLineRow): StatementLineType {
    return Object.assign(new StatementLineType(), {
      position: row.position,
      section: row.section,
      kind: row.kind,
      description: row.description,
      quantity: row.quantity === null ? null : trimDecimal(row.quantity),
      unitPrice: row.unitPrice === null ? null : Money.cny(row.unitPrice),
      percent: row.percent === null ? null : trimDecimal(row.percent),
      amount: Money.cny(row.amount),
      evidence: StatementLineEvidenceType.of(row.evidence),
    });
  }

  static ofLine(line: StatementLine): StatementLineType {
    return Object.assign(new StatementLineType(), {
      position: line.position,
      section: line.section,
      kind: line.kind,
      description: line.description,
      quantity: line.quantity?.toFixed() ?? null,
      unitPrice: line.unitPrice ? Money.cny(line.unitPrice) : null,
      percent: line.percent?.toFixed() ?? null,
      amount: Money.cny(line.amount),
      evidence: StatementLineEvidenceType.of(line.evidence),
    });
  }
}

/** "12.500000" → "12.5", "3000.000000" → "3000": stored scale is not a measure of precision here. */
function trimDecimal(value: string): string {
  return value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
}

@ObjectType('StatementLineDispute', { description: 'The merchant’s reason for disputing a line.' })
export class StatementLineDisputeType {
  @Field(() => Int, { description: 'The disputed line.' }) position!: number;
  @Field({ description: 'Why (personal data masked).' }) reason!: string;
  @Field(() => DateTimeScalar, { description: 'When.' }) disputedAt!: Date;

  static of(row: StatementDispute): StatementLineDisputeType {
    return Object.assign(new StatementLineDisputeType(), { position: row.position, reason: row.reason, disputedAt: row.disputedAt });
  }
}

@ObjectType('StatementPayment', { implements: Node, description: 'A payment of a statement.' })
export class StatementPaymentType extends Node {
  @Field(() => DateScalar, { description: 'The day it was paid.' }) paidOn!: string;
  @Field(() => Money, { description: 'The amount paid.' }) amount!: Money;
  @Field(() => String, { nullable: true, description: 'A bank or voucher reference.' }) reference!: string | null;
  @Field(() => DateScalar, { description: 'The statement’s due date.' }) dueDate!: string;
  @Field(() => Int, { description: 'Days after the due date it was paid (0 when on time).' }) daysLate!: number;
  @Field(() => ID, { nullable: true, description: 'The later statement that charged its late-payment fee, once issued.' }) feeStatementId!: string | null;
  @Field(() => DateTimeScalar, { description: 'When it was recorded.' }) recordedAt!: Date;

  static of(row: StatementPayment): StatementPaymentType {
    const days = Math.round((Date.parse(row.paidOn) - Date.parse(row.dueDate)) / 86_400_000);
    return Object.assign(new StatementPaymentType(), {
      id: toGlobalId(STATEMENT_PAYMENT_TYPE, row.id),
      paidOn: row.paidOn,
      amount: Money.cny(row.amount),
      reference: row.reference,
      dueDate: row.dueDate,
      daysLate: Math.max(0, days),
      feeStatementId: row.feeStatementId && toGlobalId(STATEMENT_TYPE, row.feeStatementId),
      recordedAt: row.recordedAt,
    });
  }
}

@ObjectType('StatementTermsSpan', { description: 'Terms in force over days of the month (a binding amendment effective mid-month splits it).' })
export class StatementTermsSpanType {
  @Field(() => DateScalar, { description: 'First day.' }) from!: string;
  @Field(() => DateScalar, { description: 'Last day.' }) to!: string;
  @Field(() => [Int], { description: 'Binding amendments included (empty: as awarded).' }) amendmentNumbers!: number[];
  @Field({ description: 'The pricing model of those days.' }) pricingModel!: string;
}

@ObjectType('Statement', {
  implements: Node,
  description: 'A version of a contract’s monthly statement (月度结算单): lines with evidence, amounts to the cent, its lifecycle.',
})
export class StatementNode extends Node {
  rawId!: string;
  contractRawId!: string;
  revisionOfRawId!: string | null;

  @Field(() => YearMonthScalar, { description: 'The calendar month billed.' }) month!: string;
  @Field(() => Int, { description: 'Version of the month’s statement (a revision after a dispute is the next).' }) version!: number;
  @Field(() => StatementStatus, { description: 'Where it stands (DEEMED_CONFIRMED as soon as its moment has passed).' }) status!: StatementStatus;
  @Field(() => Money, { description: 'Service charges S: the sum of the service-charge lines.' }) serviceCharges!: Money;
  @Field(() => Money, { description: 'Deductions (negative or zero), never beyond S.' }) deductions!: Money;
  @Field(() => Money, { description: 'S + deductions.' }) subtotal!: Money;
  @Field(() => DecimalScalar, { description: 'VAT rate, a fraction ("0.0600").' }) vatRate!: string;
  @Field(() => Money, { description: 'VAT on the subtotal, to the cent.' }) vat!: Money;
  @Field(() => Money, { description: 'Late-payment fees (outside VAT).' }) fees!: Money;
  @Field(() => Money, { description: 'Subtotal + VAT + fees.' }) total!: Money;
  @Field(() => Money, { description: 'Paid so far.' }) amountPaid!: Money;
  @Field(() => Money, { description: 'Still to pay.' }) amountDue!: Money;
  @Field({ description: 'Availability at or below the lowest floor: nothing is payable and the vendor owes a written investigation report.' })
  investigationReportRequired!: boolean;
  @Field(() => DateScalar, { description: 'First day of the month charged (the contract’s start, if later).' }) chargedFrom!: string;
  @Field(() => DateScalar, { description: 'Last day charged (the end of service, if earlier).' }) chargedTo!: string;
  @Field(() => [StatementTermsSpanType], { description: 'The terms in force over the month.' }) termsSpans!: StatementTermsSpanType[];
  @Field(() => [Int], { description: 'Years whose holiday notice was missing when it was computed (holidays by rule only).' }) noticeMissingYears!: number[];
  @Field(() => DateTimeScalar, { description: 'When its figures were computed.' }) generatedAt!: Date;
  @Field(() => DateScalar, { description: 'Due to be issued by this day; later issuance is recorded as late.' }) issueDeadline!: string;
  @Field(() => DateScalar, { description: 'Payment due by this day.' }) dueDate!: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the vendor issued it.' }) issuedAt!: Date | null;
  @Field(() => Boolean, { nullable: true, description: 'Whether it was issued after its deadline.' }) issuedLate!: boolean | null;
  @Field(() => DateScalar, { nullable: true, description: 'Deemed confirmed at the end of this day (contract time zone) unless answered.' })
  deemedConfirmationOn!: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'That moment.' }) deemedConfirmationAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'Why that day may move (a year’s holiday notice not recorded).' }) deemedConfirmationNote!: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was confirmed (or deemed confirmed).' }) confirmedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the merchant disputed it.' }) disputedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When its revision replaced it.' }) supersededAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was paid in full.' }) paidAt!: Date | null;

  static of(entity: Statement, now: Date): StatementNode {
    return Object.assign(new StatementNode(), {
      id: toGlobalId(STATEMENT_TYPE, entity.id),
      rawId: entity.id,
      contractRawId: entity.contractId,
      revisionOfRawId: entity.revisionOf,
      month: entity.periodStart.slice(0, 7),
      version: entity.version,
      status: effectiveStatementStatus(entity, now),
      serviceCharges: Money.cny(entity.serviceCharges),
      deductions: Money.cny(entity.deductions),
      subtotal: Money.cny(entity.subtotal),
      vatRate: entity.vatRate,
      vat: Money.cny(entity.vat),
      fees: Money.cny(entity.fees),
      total: Money.cny(entity.total),
      amountPaid: Money.cny(entity.amountPaid),
      amountDue: Money.cny(new Decimal(entity.total).minus(entity.amountPaid)),
      investigationReportRequired: entity.investigationReportRequired,
      chargedFrom: entity.inputs.from,
      chargedTo: entity.inputs.to,
      termsSpans: entity.inputs.terms.map((t) =>
        Object.assign(new StatementTermsSpanType(), { from: t.from, to: t.to, amendmentNumbers: t.amendmentNumbers, pricingModel: t.pricing.model }),
      ),
      noticeMissingYears: entity.inputs.noticeMissingYears,
      generatedAt: entity.generatedAt,
      issueDeadline: entity.issueDeadline,
      dueDate: entity.dueDate,
      issuedAt: entity.issuedAt,
      issuedLate: entity.issuedLate,
      deemedConfirmationOn: entity.deemedConfirmationOn,
      deemedConfirmationAt: entity.deemedConfirmationAt,
      deemedConfirmationNote: entity.deemedConfirmationNote,
      confirmedAt: entity.confirmedAt,
      disputedAt: entity.disputedAt,
      supersededAt: entity.supersededAt,
      paidAt: entity.paidAt,
    });
  }
}

export const StatementConnection = ConnectionType(StatementNode, 'Statement');

@ObjectType('StatementPreview', { description: 'A month’s running figures from the facts recorded so far: stored nowhere, binding on nobody.' })
export class StatementPreviewType {
  @Field(() => YearMonthScalar, { description: 'The month.' }) month!: string;
  @Field({ description: 'Whether any day of the month is in service (false: no figures).' }) inService!: boolean;
  @Field(() => [StatementLineType], { description: 'The lines as they would be now.' }) lines!: StatementLineType[];
  @Field(() => Money, { nullable: true, description: 'Service charges so far.' }) serviceCharges!: Money | null;
  @Field(() => Money, { nullable: true, description: 'Deductions so far.' }) deductions!: Money | null;
  @Field(() => Money, { nullable: true, description: 'Subtotal so far.' }) subtotal!: Money | null;
  @Field(() => Money, { nullable: true, description: 'VAT so far.' }) vat!: Money | null;
  @Field(() => Money, { nullable: true, description: 'Fees so far.' }) fees!: Money | null;
  @Field(() => Money, { nullable: true, description: 'Total so far.' }) total!: Money | null;

  static of(month: string, computation: StatementComputation | null): StatementPreviewType {
    return Object.assign(new StatementPreviewType(), {
      month,
      inService: computation !== null,
      lines: computation?.lines.map(StatementLineType.ofLine) ?? [],
      serviceCharges: computation && Money.cny(computation.serviceCharges),
      deductions: computation && Money.cny(computation.deductions),
      subtotal: computation && Money.cny(computation.subtotal),
      vat: computation && Money.cny(computation.vat),
      fees: computation && Money.cny(computation.fees),
      total: computation && Money.cny(computation.total),
    });
  }
}

@ObjectType('StatementLineDifference', { description: 'A line recompute does not reproduce to the cent.' })
export class StatementLineDifferenceType {
  @Field(() => Int, { description: 'The line’s position.' }) position!: number;
  @Field({ description: 'The line’s kind.' }) kind!: string;
  @Field(() => Money, { nullable: true, description: 'As recorded (null: the recomputation has a line the statement lacks).' }) recorded!: Money | null;
  @Field(() => Money, { nullable: true, description: 'As recomputed (null: the recorded line is not reproduced).' }) recomputed!: Money | null;

  static of(d: LineDifference): StatementLineDifferenceType {
    return Object.assign(new StatementLineDifferenceType(), {
      position: d.position,
      kind: d.kind,
      recorded: d.recorded && Money.cny(d.recorded as Decimal),
      recomputed: d.recomputed && Money.cny(d.recomputed as Decimal),
    });
  }
}

@ObjectType('StatementRecomputation', { description: 'A recorded statement recomputed from the facts recorded now and the terms in force.' })
export class StatementRecomputationType {
  @Field(() => StatementNode, { description: 'The statement recomputed.' }) statement!: StatementNode;
  @Field({ description: 'True when every line matches to the cent.' }) matches!: boolean;
  @Field(() => [StatementLineDifferenceType], { description: 'The lines that differ (empty when it matches).' }) differences!: StatementLineDifferenceType[];
  @Field(() => Money, { nullable: true, description: 'The recomputed total (null when no day of the month is in service any more).' })
  recomputedTotal!: Money | null;
}

@InputType('StatementLineDisputeInput', { description: 'A disputed line and why.' })
export class StatementLineDisputeInput {
  @Field(() => Int, { description: 'The line’s position.' }) position!: number;
  @Field({ description: 'Why, 3 to 2,000 characters (personal data is masked before storage).' }) reason!: string;
}

@InputType('StatementDisputeInput', { description: 'The merchant’s dispute of an issued statement.' })
export class StatementDisputeInput {
  @Field(() => [StatementLineDisputeInput], { description: 'Each disputed line with its reason (1 to 200).' }) lines!: StatementLineDisputeInput[];
}

@InputType('StatementPaymentInput', { description: 'A payment of a statement.' })
export class StatementPaymentInput {
  @Field(() => DateScalar, { description: 'The day it was paid (not before issuance, not after today).' }) paidOn!: string;
  @Field(() => DecimalScalar, { description: 'The amount, to the cent, at most what is outstanding.' }) amount!: Decimal;
  @Field(() => String, { nullable: true, description: 'A bank or voucher reference, up to 200 characters.' }) reference?: string | null;
}

@ObjectType('StatementPayload', { description: 'The outcome of a change to a statement.' })
export class StatementPayload {
  @Field(() => StatementNode, { nullable: true, description: 'The statement as it now stands; null after a failure.' }) statement!: StatementNode | null;
  @Field(() => [UserError], { description: 'Why nothing was changed, if so.' }) userErrors!: UserError[];
}

@ObjectType('StatementGeneratePayload', { description: 'The outcome of drafting a month’s statement (or its revision).' })
export class StatementGeneratePayload {
  @Field(() => StatementNode, {
    nullable: true,
    description: 'The month’s statement (draft, or the issued one left alone); null when no day was in service or after a failure.',
  })
  statement!: StatementNode | null;
  @Field(() => String, { nullable: true, description: 'CREATED, REGENERATED, UNCHANGED (issued already, or nothing changed) or NO_SERVICE.' }) outcome!:
    string | null;
  @Field(() => [UserError], { description: 'Why nothing was changed, if so.' }) userErrors!: UserError[];
}
