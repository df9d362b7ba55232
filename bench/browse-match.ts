/**
 * The vendor browse as answered by the API and by PostGraphile, brought to one shape to compare:
 * API global ids (base64url of `Requirement:<uuid>`) vs PostGraphile's rowId, decimals ("200000" vs
 * "200000.00"), instants to the millisecond (PostgreSQL keeps microseconds), field names.
 */

export interface ApiBrowse {
  requirements: {
    totalCount: number;
    edges: {
      node: {
        id: string;
        title: string;
        seatsRequired: number;
        expectedMonthlyVolume: number;
        bidDeadline: string;
        budgetMax: { amount: string } | null;
        kpiTargets: { metric: string; target: string }[];
        merchant: { legalName: string; verificationStatus: string } | null;
        questions: { totalCount: number; edges: { node: { question: string; answer: string | null } }[] };
        bids: { edges: { node: { status: string; totalContractValue: { amount: string } } }[] };
      };
    }[];
  };
}

export interface PeerBrowse {
  allRequirements: {
    totalCount: number;
    edges: {
      node: {
        rowId: string;
        title: string;
        seatsRequired: number;
        expectedMonthlyVolume: number | string;
        bidDeadline: string;
        budgetMax: string | null;
        kpiTargets: { metric: string; target: string | number }[];
        organizationByMerchantId: { legalName: string; verificationStatus: string } | null;
        requirementQuestionsByRequirementId: { totalCount: number; edges: { node: { question: string; answer: string | null } }[] };
        bidsByRequirementId: { edges: { node: { status: string; totalContractValue: string } }[] };
      };
    }[];
  };
}

interface Normalized {
  id: string;
  title: string;
  seatsRequired: number;
  expectedMonthlyVolume: string;
  /** Milliseconds since the epoch, truncated. */
  bidDeadline: number;
  budgetMax: string | null;
  kpiTargets: { metric: string; target: string }[];
  merchant: { legalName: string; verificationStatus: string } | null;
  questions: { totalCount: number; items: { question: string; answer: string | null }[] };
  ownBids: { status: string; totalContractValue: string }[];
}

/** "200000.00" → "200000", "1.50" → "1.5", 15 → "15". */
export function decimal(value: string | number): string {
  const text = String(value);
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** An ISO instant to its millisecond, whatever its fraction's length (extra digits are cut, not rounded). */
export function instant(value: string): number {
  const ms = Date.parse(value.replace(/(\.\d{3})\d+/, '$1'));
  if (Number.isNaN(ms)) throw new Error(`not an instant: ${value}`);
  return ms;
}

/** The uuid in an API global id (base64url of `Type:uuid`). */
export function uuidOfGlobalId(id: string, type: string): string {
  const text = Buffer.from(id, 'base64url').toString('utf8');
  if (!text.startsWith(`${type}:`)) throw new Error(`not a ${type} global id: ${id} (${text})`);
  return text.slice(type.length + 1);
}

function fromApi(data: ApiBrowse): { totalCount: number; items: Normalized[] } {
  return {
    totalCount: data.requirements.totalCount,
    items: data.requirements.edges.map(({ node: n }) => ({
      id: uuidOfGlobalId(n.id, 'Requirement'),
      title: n.title,
      seatsRequired: n.seatsRequired,
      expectedMonthlyVolume: String(n.expectedMonthlyVolume),
      bidDeadline: instant(n.bidDeadline),
      budgetMax: n.budgetMax ? decimal(n.budgetMax.amount) : null,
      kpiTargets: n.kpiTargets.map((k) => ({ metric: k.metric, target: decimal(k.target) })),
      merchant: n.merchant && { legalName: n.merchant.legalName, verificationStatus: n.merchant.verificationStatus },
      questions: { totalCount: n.questions.totalCount, items: n.questions.edges.map(({ node: q }) => ({ question: q.question, answer: q.answer })) },
      ownBids: n.bids.edges.map(({ node: b }) => ({ status: b.status, totalContractValue: decimal(b.totalContractValue.amount) })),
    })),
  };
}

function fromPeer(data: PeerBrowse): { totalCount: number; items: Normalized[] } {
  return {
    totalCount: data.allRequirements.totalCount,
    items: data.allRequirements.edges.map(({ node: n }) => ({
      id: n.rowId,
      title: n.title,
      seatsRequired: n.seatsRequired,
      expectedMonthlyVolume: String(n.expectedMonthlyVolume),
      bidDeadline: instant(n.bidDeadline),
      budgetMax: n.budgetMax === null ? null : decimal(n.budgetMax),
      kpiTargets: n.kpiTargets.map((k) => ({ metric: k.metric, target: decimal(k.target) })),
      merchant: n.organizationByMerchantId && {
        legalName: n.organizationByMerchantId.legalName,
        verificationStatus: n.organizationByMerchantId.verificationStatus,
      },
      questions: {
        totalCount: n.requirementQuestionsByRequirementId.totalCount,
        items: n.requirementQuestionsByRequirementId.edges.map(({ node: q }) => ({ question: q.question, answer: q.answer })),
      },
      ownBids: n.bidsByRequirementId.edges.map(({ node: b }) => ({ status: b.status, totalContractValue: decimal(b.totalContractValue) })),
    })),
  };
}

/** The first place where `a` and `b` differ, as a path, or null. */
function difference(a: unknown, b: unknown, at: string): string | null {
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    if (Array.isArray(a) !== Array.isArray(b)) return at;
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    if (Array.isArray(a) && a.length !== (b as unknown[]).length) return `${at}.length`;
    for (const key of keys) {
      const found = difference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${at}.${key}`);
      if (found) return found;
    }
    return null;
  }
  return Object.is(a, b) ? null : at;
}

const at = (value: unknown, path: string): unknown =>
  path
    .split('.')
    .slice(1)
    .reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], value);

/**
 * Throws, naming the first difference, unless both answers hold the same requirements in the same
 * order with the same fields; instants may differ by 1 ms (the pg driver's float arithmetic).
 */
export function compareBrowse(api: ApiBrowse, peer: PeerBrowse): { totalCount: number; items: number; questions: number; ownBids: number } {
  const a = fromApi(api);
  const p = fromPeer(peer);
  for (const [i, item] of a.items.entries()) {
    const other = p.items[i];
    if (other && Math.abs(item.bidDeadline - other.bidDeadline) <= 1) other.bidDeadline = item.bidDeadline;
  }
  const found = difference(a, p, 'browse');
  if (found) {
    throw new Error(
      `browse: the API and PostGraphile answer differently at ${found}: API ${JSON.stringify(at(a, found))}, PostGraphile ${JSON.stringify(at(p, found))}`,
    );
  }
  if (!a.items.length) throw new Error('browse: no requirements to compare');
  return {
    totalCount: a.totalCount,
    items: a.items.length,
    questions: a.items.reduce((sum, r) => sum + r.questions.items.length, 0),
    ownBids: a.items.reduce((sum, r) => sum + r.ownBids.length, 0),
  };
}
