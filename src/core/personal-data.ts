/**
 * Personal data in free text (notes, answers, reasons) is stored masked: mainland mobile numbers,
 * resident ID-card numbers and e-mail addresses keep only enough to tell them apart. Masking happens
 * before anything is written, so neither the database nor a backup holds the full value.
 */

// 18-digit resident ID (6-digit area, birth date 19xx/20xx, 3-digit sequence, digit or X check); not inside a longer number.
const ID_CARD = /(?<![0-9A-Za-z])([1-9]\d{5})(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])/g;
// Mainland mobile: 1[3-9] and 9 more digits, optionally +86/0086 and spaces or dashes in the usual 3-4-4 places.
const MOBILE = /(?<![0-9])(?:(?:\+|00)86[\s-]?)?(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?![0-9])/g;
const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)/g;

/** The text with ID-card numbers (110101********1234 → area code kept), mobiles (138****5678) and e-mail addresses (l***@example.cn) masked. */
export function maskPersonalData(text: string): string {
  return text
    .replace(ID_CARD, (match: string, area: string) => `${area}${'*'.repeat(8)}${match.slice(-4)}`)
    .replace(MOBILE, (_match: string, head: string, _middle: string, tail: string) => `${head}****${tail}`)
    .replace(EMAIL, (_match: string, first: string, domain: string) => `${first}***@${domain}`);
}
