import type { MikroORM } from '@mikro-orm/postgresql';
import { hashPassword } from '../src/auth/passwords.js';
import { newId } from '../src/db/base.js';
import { creditCodeCheckCharacter } from '../src/modules/organizations/credit-code.js';

export const DEMO_PASSWORD = 'demo-password-1';

interface DemoOrganization {
  key: string;
  kind: 'MERCHANT' | 'VENDOR' | 'AUDIT_FIRM';
  legalName: string;
  /** First 17 characters; the check character is computed. */
  creditCodeBase: string;
  verified: boolean;
  members: { email: string; displayName: string; role: string; description: string }[];
  vendorProfile?: { seatCapacity: number; channels: string[]; languages: string[]; certifications: string[]; serviceRegions: string[]; description: string };
}

const ORGANIZATIONS: DemoOrganization[] = [
  {
    key: 'merchant',
    kind: 'MERCHANT',
    legalName: '杭州优选电商有限公司 (Hangzhou Youxuan E-commerce Co., Ltd.)',
    creditCodeBase: '91330106MA2CFXK3',
    verified: true,
    members: [
      { email: 'owner@merchant.demo', displayName: '王芳 Wang Fang', role: 'OWNER', description: 'merchant owner (杭州优选电商)' },
      { email: 'inspector@merchant.demo', displayName: '李静 Li Jing', role: 'INSPECTOR', description: 'merchant quality inspector' },
      { email: 'finance@merchant.demo', displayName: '陈伟 Chen Wei', role: 'FINANCE', description: 'merchant finance' },
    ],
  },
  {
    key: 'vendorA',
    kind: 'VENDOR',
    legalName: '成都声通客服外包有限公司 (Chengdu Shengtong Customer Service Co., Ltd.)',
    creditCodeBase: '91510100MA6CGU7P',
    verified: true,
    members: [{ email: 'owner@vendor-a.demo', displayName: '张强 Zhang Qiang', role: 'OWNER', description: 'vendor A owner (成都声通)' }],
    vendorProfile: {
      seatCapacity: 420,
      channels: ['PHONE', 'ONLINE_CHAT', 'TICKET'],
      languages: ['zh-CN', 'en'],
      certifications: ['ISO 27001', 'COPC'],
      serviceRegions: ['Sichuan', 'Chongqing'],
      description: 'E-commerce pre-sales and after-sales teams, 7×24, peak staffing for 11.11.',
    },
  },
  {
    key: 'vendorB',
    kind: 'VENDOR',
    legalName: '合肥云帆呼叫中心服务有限公司 (Hefei Yunfan Call Centre Services Co., Ltd.)',
    creditCodeBase: '91340100MA2RTL5H',
    verified: true,
    members: [{ email: 'owner@vendor-b.demo', displayName: '刘洋 Liu Yang', role: 'OWNER', description: 'vendor B owner (合肥云帆)' }],
    vendorProfile: {
      seatCapacity: 180,
      channels: ['PHONE', 'OUTBOUND'],
      languages: ['zh-CN'],
      certifications: ['CMMI 3'],
      serviceRegions: ['Anhui'],
      description: 'Hotline and outbound campaigns.',
    },
  },
  {
    key: 'audit',
    kind: 'AUDIT_FIRM',
    legalName: '上海信衡会计师事务所 (Shanghai Xinheng CPA Firm)',
    creditCodeBase: '31310000MD0123456',
    verified: true,
    members: [{ email: 'auditor@audit.demo', displayName: '赵敏 Zhao Min', role: 'AUDITOR', description: 'auditor (上海信衡)' }],
  },
];

const ADMIN = { email: 'admin@platform.demo', displayName: 'Platform Admin', description: 'platform administrator (verifies organizations)' };

export const DEMO_LOGINS: { email: string; description: string }[] = [
  ...ORGANIZATIONS.flatMap((o) => o.members.map((m) => ({ email: m.email, description: m.description }))),
  { email: ADMIN.email, description: ADMIN.description },
];

/** A PostgreSQL array literal: the query builder would expand a JS array into a list of parameters. */
function pgTextArray(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
}

export function demoCreditCode(base: string): string {
  const first17 = base.padEnd(17, '0').slice(0, 17);
  return first17 + creditCodeCheckCharacter(first17);
}

/**
 * Loads the demo marketplace once (it is skipped when the demo administrator exists).
 * Inserts run with the tenant settings of each organization, so they pass the same row-level
 * security policies as the API's writes.
 */
export async function seedDemo(orm: MikroORM): Promise<boolean> {
  const em = orm.em.fork();
  const [{ exists }] = await em.execute<{ exists: boolean }[]>("select auth_user_id_by_email(?) is not null as exists", [ADMIN.email]);
  if (exists) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await em.transactional(async (tx) => {
    await tx.execute("select set_config('role', 'kefu_app', true)");
    for (const org of ORGANIZATIONS) {
      const orgId = newId();
      const users = org.members.map((m) => ({ ...m, id: newId() }));
      await tx.execute("select set_config('app.org_id', ?, true), set_config('app.user_id', ?, true)", [orgId, users[0]!.id]);
      await tx.execute(
        `insert into organization (id, kind, legal_name, credit_code, verification_status, verified_at) values (?, ?, ?, ?, ?, ${org.verified ? 'now()' : 'null'})`,
        [orgId, org.kind, org.legalName, demoCreditCode(org.creditCodeBase), org.verified ? 'VERIFIED' : 'PENDING'],
      );
      await tx.execute('insert into organization_private (organization_id, contact_name, contact_email) values (?, ?, ?)', [orgId, users[0]!.displayName, users[0]!.email]);
      for (const user of users) {
        await tx.execute('insert into app_user (id, email, display_name, password_hash) values (?, ?, ?, ?)', [user.id, user.email, user.displayName, passwordHash]);
        await tx.execute('insert into membership (id, organization_id, user_id, role) values (?, ?, ?, ?)', [newId(), orgId, user.id, user.role]);
      }
      const profile = org.vendorProfile;
      if (profile) {
        await tx.execute(
          'insert into vendor_profile (organization_id, seat_capacity, channels, languages, certifications, service_regions, description) values (?, ?, ?::text[], ?::text[], ?::text[], ?::text[], ?)',
          [orgId, profile.seatCapacity, ...[profile.channels, profile.languages, profile.certifications, profile.serviceRegions].map(pgTextArray), profile.description],
        );
      }
      await tx.execute(
        "insert into audit_event (organization_id, action, entity_type, entity_id, changes) values (?, 'seed.demo', 'Organization', ?, '{}')",
        [orgId, orgId],
      );
    }
    // The administrator belongs to no organization; created as the platform, outside any tenant.
    const adminId = newId();
    await tx.execute("select set_config('app.org_id', ?, true), set_config('app.user_id', ?, true)", [newId(), adminId]);
    await tx.execute('insert into app_user (id, email, display_name, password_hash, is_platform_admin) values (?, ?, ?, ?, true)', [adminId, ADMIN.email, ADMIN.displayName, passwordHash]);
  });
  return true;
}
