import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { gql, type Caller } from '../helpers/client.js';
import { createOrg, type TestOrg } from '../helpers/factories.js';
import { BID_ACCEPT, passDeadline, publishedRequirement, REQUIREMENT_CREATE, requirementInput, submitBid } from '../helpers/marketplace.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * The requirements list reads only the columns its selected fields need (REQUIREMENT_NODE_READS,
 * issue 8): each field of Requirement, selected alone, must read in the list exactly as it reads
 * from a whole row (`requirement(id:)` loads whole rows), for the merchant and for a vendor, across
 * every state a requirement can be in. A field whose columns the map forgets reads undefined and
 * shows here.
 */
let app: TestApp;
let merchant: TestOrg;
let vendor: TestOrg;
/** SQL text of the statements sent while `capturing`. */
const captured: string[] = [];
let capturing = false;

const LIST_FIRST = 10;

beforeAll(async () => {
  app = await startTestApp();
  merchant = await createOrg(app, { kind: OrganizationKind.MERCHANT });
  vendor = await createOrg(app, { kind: OrganizationKind.VENDOR });
  const asMerchant: Caller = { token: merchant.owner.token };
  const full = {
    peakPlans: [{ from: '2027-06-01', to: '2027-06-20', staffingMultiplier: '2.5', note: '618' }],
  };
  // Open, with a question answered and the vendor's bid.
  const open = await publishedRequirement(app, merchant, full);
  const asked = await gql(
    app,
    `mutation($id: ID!) { requirementQuestionAsk(requirementId: $id, input: { question: "Peak plan for 11.11?" }) { question { id } userErrors { code } } }`,
    { id: open },
    { token: vendor.owner.token },
  );
  const answered = await gql(
    app,
    `mutation($id: ID!) { requirementQuestionAnswer(id: $id, input: { answer: "Three times the seats." }) { userErrors { code } } }`,
    { id: asked.data!.requirementQuestionAsk.question.id },
    asMerchant,
  );
  expect(answered.data!.requirementQuestionAnswer.userErrors).toEqual([]);
  await submitBid(app, vendor, open);
  // Awarded, with a contract.
  const awarded = await publishedRequirement(app, merchant, { budgetMin: null, title: 'Awarded' });
  const bid = await submitBid(app, vendor, awarded);
  await passDeadline(app, awarded);
  expect((await gql(app, BID_ACCEPT, { id: bid }, asMerchant)).data!.bidAccept.userErrors).toEqual([]);
  // Past its deadline (reads EVALUATING), cancelled, and a draft (the merchant's only).
  await passDeadline(app, await publishedRequirement(app, merchant, { title: 'Evaluating' }));
  const cancelled = await publishedRequirement(app, merchant, { title: 'Cancelled', budgetMax: null, budgetMin: null, requiredCertifications: ['ISO27001'] });
  const cancel = await gql(
    app,
    `mutation($id: ID!) { requirementCancel(id: $id, input: { reason: "Budget withdrawn." }) { userErrors { code } } }`,
    { id: cancelled },
    asMerchant,
  );
  expect(cancel.data!.requirementCancel.userErrors).toEqual([]);
  await gql(app, REQUIREMENT_CREATE, { input: requirementInput({ title: 'Draft', visibility: 'INVITED' }) }, asMerchant);

  const driver = app.orm.em.getDriver();
  const execute = driver.execute.bind(driver) as (...args: unknown[]) => unknown;
  (driver as unknown as { execute: (...args: unknown[]) => unknown }).execute = (...args: unknown[]) => {
    if (capturing && typeof args[0] === 'string') captured.push(args[0]);
    return execute(...args);
  };
});
afterAll(() => app.close());

interface IntrospectedType {
  name: string;
  kind: string;
  fields: { name: string; args: { type: { kind: string } }[]; type: TypeRef }[] | null;
}
interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}

const TYPE_QUERY = `query($name: String!) { __type(name: $name) { name kind fields { name args { type { kind } } type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }`;
const types = new Map<string, IntrospectedType>();

async function typeNamed(name: string): Promise<IntrospectedType> {
  let type = types.get(name);
  if (!type) {
    type = (await gql(app, TYPE_QUERY, { name }, { token: merchant.owner.token })).data!.__type as IntrospectedType;
    types.set(name, type);
  }
  return type;
}

function namedType(ref: TypeRef): TypeRef {
  return ref.ofType ? namedType(ref.ofType) : ref;
}

/**
 * A selection of `field` reaching its leaves two object levels down (deeper objects by __typename;
 * below the top, fields that take arguments — other lists — are left out, to stay within the cost limit).
 */
async function selectionOf(field: { name: string; type: TypeRef }, depth: number): Promise<string> {
  const named = namedType(field.type);
  if (named.kind === 'SCALAR' || named.kind === 'ENUM') return field.name;
  if (depth === 0) return `${field.name} { __typename }`;
  const type = await typeNamed(named.name!);
  const inner: string[] = [];
  for (const child of type.fields ?? []) {
    if (child.args.length) continue;
    inner.push(await selectionOf(child, depth - 1));
  }
  return `${field.name} { ${inner.join(' ')} }`;
}

async function requirementFields(): Promise<{ name: string; selection: string }[]> {
  const type = await typeNamed('Requirement');
  const fields: { name: string; selection: string }[] = [];
  for (const field of type.fields!) fields.push({ name: field.name, selection: await selectionOf(field, 2) });
  return fields;
}

type Node = Record<string, unknown> & { id: string };

async function listed(caller: Caller, selection: string, variables: Record<string, unknown> = {}, definitions = '', fragments = ''): Promise<Node[]> {
  const response = await gql(
    app,
    `query List${definitions} { requirements(first: ${LIST_FIRST}) { edges { node { id ${selection} } } } } ${fragments}`,
    variables,
    caller,
  );
  expect(response.errors).toBeUndefined();
  return (response.data!.requirements.edges as { node: Node }[]).map((e) => e.node);
}

/** The same requirements, each loaded whole by `requirement(id:)`. */
async function loadedWhole(caller: Caller, ids: string[], selection: string): Promise<Node[]> {
  const query = `query Whole { ${ids.map((id, i) => `r${i}: requirement(id: ${JSON.stringify(id)}) { id ${selection} }`).join(' ')} }`;
  const response = await gql(app, query, {}, caller);
  expect(response.errors).toBeUndefined();
  return ids.map((_, i) => response.data![`r${i}`] as Node);
}

test.each(['merchant', 'vendor'] as const)('every field of Requirement, selected alone, lists as it reads from a whole row (%s)', async (who) => {
  const caller = { token: (who === 'merchant' ? merchant : vendor).owner.token };
  const fields = await requirementFields();
  expect(fields.map((f) => f.name)).toEqual(expect.arrayContaining(['status', 'bidDeadline', 'budgetMax', 'contract', 'cancelReason', 'peakPlans']));
  const expectedCount = who === 'merchant' ? 5 : 4;
  for (const { name, selection } of fields) {
    const nodes = await listed(caller, selection);
    expect([name, nodes.length]).toEqual([name, expectedCount]);
    const whole = await loadedWhole(
      caller,
      nodes.map((n) => n.id),
      selection,
    );
    expect([name, nodes]).toEqual([name, whole]);
  }
});

test('the list reads only the columns of the selected fields, conditional ones included', async () => {
  const caller = { token: vendor.owner.token };
  const listStatement = async (selection: string, variables: Record<string, unknown> = {}, definitions = '', fragments = '') => {
    captured.length = 0;
    capturing = true;
    try {
      await listed(caller, selection, variables, definitions, fragments);
    } finally {
      capturing = false;
    }
    const statements = captured.filter((text) => /from requirement t/.test(text));
    expect(statements).toHaveLength(1);
    return statements[0]!.replace(/\s+/g, ' ');
  };
  // The browse of bench/: title, deadline, budget, KPI targets, the merchant (its id is always read).
  const browse = 'title bidDeadline budgetMax { amount } kpiTargets { metric } merchant { legalName }';
  const columns = (statement: string) => /select (t\.[^*]*?), to_char/.exec(statement)?.[1]?.split(', ').sort();
  const expected = ['t.id', 't.merchant_id', 't.title', 't.bid_deadline', 't.budget_max', 't.kpi_targets', 't.created_at'].sort();
  expect(columns(await listStatement(browse))).toEqual(expected);
  // Through fragments, inline or named, the same.
  expect(columns(await listStatement(`... on Requirement { title } ...F`, {}, '', `fragment F on Requirement { ${browse} }`))).toEqual(expected);
  // Status reads the deadline too (OPEN past its deadline reads EVALUATING).
  expect(columns(await listStatement('status'))).toEqual(['t.bid_deadline', 't.created_at', 't.id', 't.merchant_id', 't.status']);
  // A field under @include is read whatever its variable says; a directive elsewhere changes nothing else.
  const conditional = columns(
    await listStatement('title description @include(if: $withDescription)', { withDescription: false }, '($withDescription: Boolean!)'),
  );
  expect(conditional).toEqual(['t.created_at', 't.description', 't.id', 't.merchant_id', 't.title']);
  captured.length = 0;
  capturing = true;
  try {
    const response = await gql(
      app,
      `query($withCount: Boolean!) { requirements(first: 5) { totalCount @include(if: $withCount) edges { node { title } } } }`,
      { withCount: true },
      caller,
    );
    expect(response.data!.requirements.totalCount).toBe(4);
  } finally {
    capturing = false;
  }
  expect(columns(captured.find((text) => /from requirement t/.test(text))!.replace(/\s+/g, ' '))).toEqual(['t.created_at', 't.id', 't.merchant_id', 't.title']);
});
