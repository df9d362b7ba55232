import type { ModuleDescriptor } from '../../core/module.js';
import { Bid, BidRevision } from './bid.entity.js';
import { BidComparisonEntryResolver, BidResolver, RequirementBidsResolver } from './bid.resolver.js';

export const bidsModule: ModuleDescriptor = {
  name: 'bids',
  entities: [Bid, BidRevision],
  resolvers: [RequirementBidsResolver, BidComparisonEntryResolver, BidResolver],
};
