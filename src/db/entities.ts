import { ApiKey } from '../modules/api-keys/api-key.entity.js';
import { AuditEvent } from '../modules/audit/audit-event.entity.js';
import { Organization } from '../modules/organizations/organization.entity.js';
import { OrganizationPrivate } from '../modules/organizations/organization-private.entity.js';
import { VendorProfile } from '../modules/organizations/vendor-profile.entity.js';
import { Membership } from '../modules/users/membership.entity.js';
import { User } from '../modules/users/user.entity.js';
import { Requirement, RequirementInvitation, RequirementQuestion, RequirementQuestionAsker } from '../modules/requirements/requirement.entity.js';
import { Bid, BidRevision } from '../modules/bids/bid.entity.js';
import { Contract } from '../modules/contracts/contract.entity.js';
import { IdempotencyKey } from '../modules/idempotency/idempotency-key.entity.js';
import { CalendarNotice, CalendarNoticeDay } from '../modules/calendar/calendar.entity.js';

export const ENTITIES = [
  Organization,
  OrganizationPrivate,
  VendorProfile,
  User,
  Membership,
  ApiKey,
  AuditEvent,
  Requirement,
  RequirementInvitation,
  RequirementQuestion,
  RequirementQuestionAsker,
  Bid,
  BidRevision,
  Contract,
  IdempotencyKey,
  CalendarNotice,
  CalendarNoticeDay,
];
