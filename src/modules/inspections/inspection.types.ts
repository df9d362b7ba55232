import type { Decimal } from 'decimal.js';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { fixed } from '../../core/decimal-scale.js';
import { ConnectionType } from '../../graphql/connection.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { Node } from '../../graphql/node.js';
import { DateScalar, DateTimeScalar, DecimalScalar, YearMonthScalar } from '../../graphql/scalars.js';
import { UserError } from '../../graphql/user-error.js';
import { TERMINATION_RIGHT_TYPE } from '../contracts/contract-lifecycle.types.js';
import { Channel } from '../requirements/requirement.types.js';
import { rectificationOverdue } from './inspection-state.js';
import {
  type Inspection,
  InspectionResult,
  type InspectionRectification,
  type InspectionSample,
  InspectionStatus,
  type RectificationRound,
  RectificationStatus,
  type ScorecardSnapshot,
  type InspectionScorecard,
} from './inspection.entity.js';
import { SampleMethod, type ScorecardCriterion } from './inspection.model.js';

registerEnumType(InspectionStatus, {
  name: 'InspectionStatus',
  description: 'DRAFT (sampled, being scored) → SCORED (with its result).',
  valuesConfig: {
    DRAFT: { description: 'The sample is drawn or entered; the inspector is scoring it.' },
    SCORED: { description: 'Every sampled contact is scored; the result is final.' },
  },
});
registerEnumType(InspectionResult, {
  name: 'InspectionResult',
  description: 'Whether the inspection’s average score reached the pass mark.',
  valuesConfig: { PASSED: { description: 'At or above the pass mark.' }, FAILED: { description: 'Below the pass mark: a rectification opens.' } },
});
registerEnumType(RectificationStatus, {
  name: 'RectificationStatus',
  description: 'OPEN → ANSWERED (by the vendor) → ACCEPTED, or back to OPEN when the merchant rejects the answer.',
  valuesConfig: {
    OPEN: { description: 'Waiting for the vendor’s answer, due at dueAt.' },
    ANSWERED: { description: 'The vendor answered; the merchant accepts or rejects.' },
    ACCEPTED: { description: 'The merchant accepted the answer (final).' },
  },
});
registerEnumType(SampleMethod, {
  name: 'InspectionSampleMethod',
  description: 'How an inspection’s contacts were chosen.',
  valuesConfig: {
    RANDOM: { description: 'Drawn at random from the week’s contact records with a stored seed (an auditor can redo the draw).' },
    ENTERED: { description: 'Entered by the inspector (external ids).' },
  },
});

export const INSPECTION_TYPE = 'Inspection';
export const RECTIFICATION_TYPE = 'InspectionRectification';

@ObjectType('InspectionCriterion', { description: 'One criterion of a scorecard.' })
export class InspectionCriterionType {
  @Field({ description: 'Name, unique in its scorecard.' }) name!: string;
  @Field(() => DecimalScalar, { description: 'Relative weight in a contact’s weighted average, 4 decimals.' }) weight!: string;
  @Field({ description: 'A violation of a critical criterion fails the contact (its score is 0).' }) critical!: boolean;

  static of(criterion: ScorecardCriterion): InspectionCriterionType {
    return Object.assign(new InspectionCriterionType(), { ...criterion, weight: fixed(criterion.weight, 'FRACTION') });
  }
}

@ObjectType('InspectionScorecardVersion', {
  description: 'A contract’s scorecard as one version of it (the one in force when an inspection was created is copied into it).',
})
export class InspectionScorecardType {
  @Field(() => Int, { nullable: true, description: 'Version number, 1, 2, … per contract.' }) version!: number | null;
  @Field(() => [InspectionCriterionType], { description: 'The criteria.' }) criteria!: InspectionCriterionType[];
  @Field(() => DecimalScalar, { description: 'Average score an inspection must reach to pass, 0–100, 2 decimals.' }) passMark!: string;
  @Field(() => Int, { description: 'Contacts drawn per week by default.' }) weeklySampleSize!: number;

  static of(scorecard: ScorecardSnapshot): InspectionScorecardType {
    return Object.assign(new InspectionScorecardType(), {
      version: scorecard.version,
      criteria: scorecard.criteria.map(InspectionCriterionType.of),
      passMark: fixed(scorecard.passMark, 'PERCENT'),
      weeklySampleSize: scorecard.weeklySampleSize,
    });
  }

  static ofStored(scorecard: InspectionScorecard): InspectionScorecardType {
    return InspectionScorecardType.of(scorecard);
  }
}

@ObjectType('InspectionSampling', { description: 'How the sample was chosen: enough for an auditor to redo a random draw.' })
export class InspectionSamplingType {
  @Field(() => SampleMethod, { description: 'RANDOM or ENTERED.' }) method!: SampleMethod;
  @Field(() => Int, { nullable: true, description: 'The seed of a random draw.' }) seed!: number | null;
  @Field(() => String, {
    nullable: true,
    description:
      'The algorithm and library version of a random draw: the week’s records ordered by (start, external id) and numbered 1…population; pure-rand xoroshiro128plus seeded with `seed`; a partial Fisher–Yates shuffle with uniformInt(i, population) for i = 1…n.',
  })
  algorithm!: string | null;
  @Field(() => Int, { nullable: true, description: 'Contact records of the week at the draw.' }) population!: number | null;
}

@ObjectType('InspectionCriterionScore', { description: 'A contact’s score on one criterion.' })
export class InspectionCriterionScoreType {
  @Field({ description: 'The criterion.' }) criterion!: string;
  @Field(() => DecimalScalar, { description: 'Score 0–100, 2 decimals.' }) score!: string;
  @Field({ description: 'A critical criterion violated (fails the contact).' }) violation!: boolean;
}

@ObjectType('InspectionContact', {
  description: 'A sampled contact: what the inspection needs to find and judge it — never the agent’s reference — with its scores.',
})
export class InspectionContactType {
  @Field(() => Int, { description: 'Position in the sample, 1, 2, … in the order drawn or entered.' }) position!: number;
  @Field({ description: 'The contact’s id in the vendor’s system (to find its recording or transcript).' }) externalId!: string;
  @Field(() => Int, { nullable: true, description: 'Random draws: its position among the week’s records ordered by (start, external id).' })
  populationPosition!: number | null;
  @Field(() => Channel, { description: 'The channel.' }) channel!: Channel;
  @Field(() => DateTimeScalar, { description: 'When the contact started.' }) startedAt!: Date;
  @Field(() => Int, { description: 'Duration in seconds.' }) durationSeconds!: number;
  @Field(() => [InspectionCriterionScoreType], { nullable: true, description: 'Scores per criterion, once scored.' }) scores!:
    InspectionCriterionScoreType[] | null;
  @Field(() => Boolean, { nullable: true, description: 'Whether a critical criterion was violated, once scored.' }) criticalViolation!: boolean | null;
  @Field(() => DecimalScalar, { nullable: true, description: 'The contact’s score (weighted average; 0 after a critical violation), 2 decimals.' })
  score!: string | null;
  @Field(() => String, { nullable: true, description: 'The inspector’s note (personal data masked).' }) note!: string | null;

  static of(sample: InspectionSample): InspectionContactType {
    return Object.assign(new InspectionContactType(), {
      position: sample.position,
      externalId: sample.externalId,
      populationPosition: sample.populationPosition,
      channel: sample.channel as Channel,
      startedAt: sample.startedAt,
      durationSeconds: sample.durationSeconds,
      scores: sample.scores?.map((s) => Object.assign(new InspectionCriterionScoreType(), { ...s, score: fixed(s.score, 'PERCENT') })) ?? null,
      criticalViolation: sample.criticalViolation,
      score: sample.score == null ? null : fixed(sample.score, 'PERCENT'),
      note: sample.note,
    });
  }
}

@ObjectType('InspectionDeduction', { description: 'A deduction a repeated failure marks on a month’s service charges (statements apply it).' })
export class InspectionDeductionType {
  @Field(() => DecimalScalar, { description: 'Percent of the month’s service charges, 2 decimals (default "10.00").' }) percent!: string;
  @Field(() => YearMonthScalar, { description: 'The month: the inspected week’s (the month of its Thursday).' }) month!: string;
}

@ObjectType('Inspection', { implements: Node, description: 'The merchant’s quality inspection (质检) of a week of the vendor’s contacts.' })
export class InspectionNode extends Node {
  rawId!: string;
  contractRawId!: string;
  @Field(() => Int, { description: 'Number of the inspection in its contract, 1, 2, …' }) number!: number;
  @Field({ description: 'The ISO week inspected, e.g. "2027-W02" (days in the contract’s time zone).' }) week!: string;
  @Field(() => DateScalar, { description: 'Monday of the week.' }) weekStart!: string;
  @Field(() => DateScalar, { description: 'Sunday of the week.' }) weekEnd!: string;
  @Field(() => InspectionStatus, { description: 'DRAFT or SCORED.' }) status!: InspectionStatus;
  @Field(() => InspectionResult, { nullable: true, description: 'PASSED or FAILED, once scored.' }) result!: InspectionResult | null;
  @Field(() => DecimalScalar, { nullable: true, description: 'Average of the contacts’ scores, 2 decimals, once scored.' }) score!: string | null;
  @Field(() => InspectionScorecardType, { description: 'The scorecard in force when the inspection was created (copied).' })
  scorecard!: InspectionScorecardType;
  @Field(() => InspectionSamplingType, { description: 'How the sample was chosen.' }) sampling!: InspectionSamplingType;
  @Field(() => Int, { nullable: true, description: 'A failed inspection’s place among the contract’s failures (the escalation ladder).' })
  failureNumber!: number | null;
  @Field(() => InspectionDeductionType, { nullable: true, description: 'The deduction this failure marks (the 2nd failure and later).' })
  deduction!: InspectionDeductionType | null;
  @Field(() => ID, { nullable: true, description: 'The termination right this failure gave the merchant (the 3rd failure and later), for contractTerminate.' })
  terminationRightId!: string | null;
  @Field(() => DateTimeScalar, { description: 'When it was created.' }) createdAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was scored.' }) scoredAt!: Date | null;

  static of(inspection: Inspection): InspectionNode {
    return Object.assign(new InspectionNode(), {
      id: toGlobalId(INSPECTION_TYPE, inspection.id),
      rawId: inspection.id,
      contractRawId: inspection.contractId,
      number: inspection.number,
      week: inspection.week,
      weekStart: inspection.weekStart,
      weekEnd: inspection.weekEnd,
      status: inspection.status,
      result: inspection.result,
      score: inspection.score == null ? null : fixed(inspection.score, 'PERCENT'),
      scorecard: InspectionScorecardType.of(inspection.scorecard),
      sampling: Object.assign(new InspectionSamplingType(), {
        method: inspection.sampleMethod as SampleMethod,
        seed: inspection.seed == null ? null : Number(inspection.seed),
        algorithm: inspection.algorithm,
        population: inspection.population,
      }),
      failureNumber: inspection.failureNumber,
      deduction:
        inspection.deductionPercent == null || inspection.deductionMonth == null
          ? null
          : Object.assign(new InspectionDeductionType(), {
              percent: fixed(inspection.deductionPercent, 'PERCENT'),
              month: inspection.deductionMonth.slice(0, 7),
            }),
      terminationRightId: inspection.terminationRightId && toGlobalId(TERMINATION_RIGHT_TYPE, inspection.terminationRightId),
      createdAt: inspection.createdAt,
      scoredAt: inspection.scoredAt,
    });
  }
}

export const InspectionConnection = ConnectionType(InspectionNode, 'Inspection');

@ObjectType('InspectionRectificationRound', { description: 'A past round of a rectification: the answer the merchant rejected, and why.' })
export class RectificationRoundType {
  @Field(() => Int, { description: 'Round number.' }) round!: number;
  @Field(() => DateTimeScalar, { description: 'When the answer was due.' }) dueAt!: Date;
  @Field({ description: 'The vendor’s answer (personal data masked).' }) answer!: string;
  @Field(() => DateTimeScalar, { description: 'When it was answered.' }) answeredAt!: Date;
  @Field(() => DateTimeScalar, { description: 'When the merchant rejected it.' }) rejectedAt!: Date;
  @Field({ description: 'Why (personal data masked).' }) reason!: string;

  static of(round: RectificationRound): RectificationRoundType {
    return Object.assign(new RectificationRoundType(), {
      ...round,
      dueAt: new Date(round.dueAt),
      answeredAt: new Date(round.answeredAt),
      rejectedAt: new Date(round.rejectedAt),
    });
  }
}

@ObjectType('InspectionRectification', {
  implements: Node,
  description:
    'What a failed inspection asks of the vendor: an answer within the contract’s rectification hours (48), accepted or rejected by the merchant. A rejection reopens it for a new round, due the same hours after the rejection.',
})
export class InspectionRectificationNode extends Node {
  rawId!: string;
  inspectionRawId!: string;
  @Field(() => RectificationStatus, { description: 'OPEN, ANSWERED or ACCEPTED.' }) status!: RectificationStatus;
  @Field(() => Int, { description: 'The round, 1 and one more after each rejection.' }) round!: number;
  @Field(() => DateTimeScalar, { description: 'When the failed inspection opened it.' }) openedAt!: Date;
  @Field(() => DateTimeScalar, { description: 'When the current round’s answer is due.' }) dueAt!: Date;
  @Field({ description: 'OPEN past its due time, at the time of the request (whether or not the overdue job has flagged it yet).' }) overdue!: boolean;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the overdue job flagged the current round (kept after a late answer).' })
  overdueFlaggedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'The vendor’s answer in the current round (personal data masked).' }) answer!: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the vendor answered.' }) answeredAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the merchant last decided (accepted, or rejected a round).' }) decidedAt!: Date | null;
  @Field(() => [RectificationRoundType], { description: 'Rejected rounds, oldest first.' }) history!: RectificationRoundType[];

  static of(rectification: InspectionRectification, now: Date): InspectionRectificationNode {
    return Object.assign(new InspectionRectificationNode(), {
      id: toGlobalId(RECTIFICATION_TYPE, rectification.id),
      rawId: rectification.id,
      inspectionRawId: rectification.inspectionId,
      status: rectification.status,
      round: rectification.round,
      openedAt: rectification.openedAt,
      dueAt: rectification.dueAt,
      overdue: rectificationOverdue(rectification, now),
      overdueFlaggedAt: rectification.overdueFlaggedAt,
      answer: rectification.answer,
      answeredAt: rectification.answeredAt,
      decidedAt: rectification.decidedAt,
      history: (rectification.history ?? []).map(RectificationRoundType.of),
    });
  }
}

// ---------------------------------------------------------------- inputs and payloads

@InputType({ description: 'One criterion of a scorecard.' })
export class InspectionCriterionInput {
  @Field({ description: 'Name, 1–100 characters, unique in the scorecard.' }) name!: string;
  @Field(() => DecimalScalar, { description: 'Relative weight, above 0 and at most 100, at most 4 decimals.' }) weight!: Decimal;
  @Field(() => Boolean, { nullable: true, description: 'Critical: a violation fails the contact (default false).' }) critical?: boolean | null;
}

@InputType({ description: 'A new version of a contract’s scorecard.' })
export class InspectionScorecardInput {
  @Field(() => [InspectionCriterionInput], { description: '1 to 30 criteria.' }) criteria!: InspectionCriterionInput[];
  @Field(() => DecimalScalar, { nullable: true, description: 'Pass mark 0–100, at most 2 decimals (default: the contract’s rules, "80.00").' })
  passMark?: Decimal | null;
  @Field(() => Int, { nullable: true, description: 'Contacts drawn per week, 1–500 (default: the contract’s rules, 50).' }) weeklySampleSize?: number | null;
}

@InputType({ description: 'An inspection of a week: drawn at random (optionally with your seed and size), or the contacts you enter.' })
export class InspectionCreateInput {
  @Field({ description: 'The ISO week, e.g. "2027-W02", begun by today (contract’s time zone) and not before the contract starts.' }) week!: string;
  @Field(() => Int, { nullable: true, description: 'Random draw: the seed, 0–2147483647 (a new random seed when left out; stored either way).' })
  seed?: number | null;
  @Field(() => Int, {
    nullable: true,
    description: 'Random draw: how many contacts, 1–500 (default: the scorecard’s weekly sample size; fewer when the week has fewer).',
  })
  sampleSize?: number | null;
  @Field(() => [String], {
    nullable: true,
    description: 'Entered sample: the contacts’ external ids (1–500, records of the week). Not with seed or sampleSize.',
  })
  externalIds?: string[] | null;
}

@InputType({ description: 'A contact’s score on one criterion.' })
export class InspectionCriterionScoreInput {
  @Field({ description: 'The criterion’s name.' }) criterion!: string;
  @Field(() => DecimalScalar, { description: 'Score 0–100, at most 2 decimals.' }) score!: Decimal;
  @Field(() => Boolean, { nullable: true, description: 'Critical criteria only: violated (fails the contact with 0).' }) violation?: boolean | null;
}

@InputType({ description: 'The scores of one sampled contact: every criterion once.' })
export class InspectionContactScoreInput {
  @Field({ description: 'The sampled contact’s external id.' }) externalId!: string;
  @Field(() => [InspectionCriterionScoreInput], { description: 'One score per criterion of the inspection’s scorecard.' })
  scores!: InspectionCriterionScoreInput[];
  @Field(() => String, { nullable: true, description: 'A note (at most 2,000 characters; personal data is masked).' }) note?: string | null;
}

@InputType({ description: 'The scores of every sampled contact, at once.' })
export class InspectionScoreInput {
  @Field(() => [InspectionContactScoreInput], { description: 'Every sampled contact, once.' }) contacts!: InspectionContactScoreInput[];
}

@InputType({ description: 'The vendor’s answer to a rectification.' })
export class InspectionRectificationAnswerInput {
  @Field({ description: 'What was done, 3–4,000 characters (personal data is masked).' }) answer!: string;
}

@InputType({ description: 'Why the merchant rejects an answer.' })
export class InspectionRectificationRejectInput {
  @Field({ description: 'Why, 3–4,000 characters (personal data is masked).' }) reason!: string;
}

@ObjectType({ description: 'Result of inspectionScorecardSet.' })
export class InspectionScorecardPayload {
  @Field(() => InspectionScorecardType, { nullable: true, description: 'The new version, in force from now on.' }) scorecard!: InspectionScorecardType | null;
  @Field(() => [UserError], { description: 'Why nothing changed, if so.' }) userErrors!: UserError[];
}

@ObjectType({ description: 'Result of an inspection mutation.' })
export class InspectionPayload {
  @Field(() => InspectionNode, { nullable: true, description: 'The inspection.' }) inspection!: InspectionNode | null;
  @Field(() => [UserError], { description: 'Why nothing changed, if so.' }) userErrors!: UserError[];
}

@ObjectType({ description: 'Result of a rectification mutation.' })
export class InspectionRectificationPayload {
  @Field(() => InspectionRectificationNode, { nullable: true, description: 'The rectification.' }) rectification!: InspectionRectificationNode | null;
  @Field(() => [UserError], { description: 'Why nothing changed, if so.' }) userErrors!: UserError[];
}
