import { defineStateMachine } from '../../core/state-machine.js';
import { type Inspection, InspectionStatus, type InspectionRectification, RectificationStatus } from './inspection.entity.js';

export const INSPECTION_ACTIONS = ['score'] as const;
export type InspectionAction = (typeof INSPECTION_ACTIONS)[number];

/**
 * An inspection's lifecycle as data: created DRAFT with its sample; scored once (every sampled
 * contact at once), it is SCORED with its result (PASSED or FAILED) and stays so — scores are evidence.
 */
export const INSPECTION_MACHINE = defineStateMachine<InspectionStatus, InspectionAction, Pick<Inspection, 'status'>>({
  name: 'inspection',
  states: Object.values(InspectionStatus),
  actions: INSPECTION_ACTIONS,
  transitions: {
    [InspectionStatus.DRAFT]: { score: InspectionStatus.SCORED },
    [InspectionStatus.SCORED]: {},
  },
  explainRefusal: (_inspection, from) =>
    from === InspectionStatus.SCORED ? { code: 'INVALID_STATE', message: 'This inspection is scored already: its scores are final.' } : null,
});

export const RECTIFICATION_ACTIONS = ['answer', 'accept', 'reject', 'flagOverdue'] as const;
export type RectificationAction = (typeof RECTIFICATION_ACTIONS)[number];

type RectificationState = Pick<InspectionRectification, 'status' | 'dueAt' | 'overdueFlaggedAt'>;

/** Whether the vendor's answer is late at `now` (an OPEN round past its due time), whether or not the job has flagged it. */
export function rectificationOverdue(rectification: RectificationState, now: Date): boolean {
  return rectification.status === RectificationStatus.OPEN && rectification.dueAt.getTime() <= now.getTime();
}

/**
 * A rectification's lifecycle as data. Opened OPEN by a failed inspection, due in the contract's
 * rectification hours (48); the vendor answers (ANSWERED) — late answers are taken, the overdue flag
 * stays as evidence; the merchant accepts (ACCEPTED, final) or rejects, which reopens it (OPEN) for a
 * new round due the same number of hours after the rejection. `flagOverdue` is the job storing that an
 * OPEN round's due time has passed (once per round).
 */
export const RECTIFICATION_MACHINE = defineStateMachine<RectificationStatus, RectificationAction, RectificationState>({
  name: 'rectification',
  states: Object.values(RectificationStatus),
  actions: RECTIFICATION_ACTIONS,
  transitions: {
    [RectificationStatus.OPEN]: { answer: RectificationStatus.ANSWERED, flagOverdue: RectificationStatus.OPEN },
    [RectificationStatus.ANSWERED]: { accept: RectificationStatus.ACCEPTED, reject: RectificationStatus.OPEN },
    [RectificationStatus.ACCEPTED]: {},
  },
  guards: {
    flagOverdue: (rectification, now) => {
      if (rectification.overdueFlaggedAt !== null) return { code: 'INVALID_STATE', message: 'This round is flagged overdue already.' };
      return rectificationOverdue(rectification, now) ? null : { code: 'INVALID_STATE', message: 'The rectification is not due yet.' };
    },
  },
  explainRefusal: (_r, from, action) => {
    if (from === RectificationStatus.OPEN && (action === 'accept' || action === 'reject'))
      return { code: 'INVALID_STATE', message: 'The vendor has not answered this rectification yet.' };
    if (from === RectificationStatus.ANSWERED && action === 'answer')
      return { code: 'INVALID_STATE', message: 'This rectification is answered; the merchant accepts or rejects the answer.' };
    return null;
  },
});
