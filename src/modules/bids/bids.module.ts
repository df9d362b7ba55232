import type { ModuleDescriptor } from '../../core/module.js';
import { Bid, BidRevision } from './bid.entity.js';
import { BID_PERMISSIONS } from './bid.permissions.js';
import { BidComparisonEntryResolver, BidResolver, RequirementBidsResolver, fetchBidNode } from './bid.resolver.js';
import { BID_TYPE } from './bid.types.js';

export const bidsModule: ModuleDescriptor = {
  name: 'bids',
  entities: [Bid, BidRevision],
  resolvers: [RequirementBidsResolver, BidComparisonEntryResolver, BidResolver],
  permissions: BID_PERMISSIONS,
  nodeTypes: { [BID_TYPE]: fetchBidNode },
};
