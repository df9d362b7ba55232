/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters from a 31-character
 * alphabet (no I, O, S, V, Z); characters 3–8 are the administrative division code; the last is a
 * check character computed from the first 17 with weights 3^i mod 31.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCodeProblem = 'LENGTH' | 'CHARACTERS' | 'DIVISION' | 'CHECKSUM';

export function creditCodeCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i]!) * WEIGHTS[i]!;
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** Upper-cases and strips spaces, as codes are often typed from a licence. */
export function normalizeCreditCode(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}

export function creditCodeProblem(code: string): CreditCodeProblem | null {
  if (code.length !== 18) return 'LENGTH';
  for (const ch of code) if (!ALPHABET.includes(ch)) return 'CHARACTERS';
  if (!/^\d{6}$/.test(code.slice(2, 8))) return 'DIVISION';
  return creditCodeCheckCharacter(code.slice(0, 17)) === code[17] ? null : 'CHECKSUM';
}

export const CREDIT_CODE_MESSAGES: Record<CreditCodeProblem, string> = {
  LENGTH: 'A unified social credit code has exactly 18 characters.',
  CHARACTERS: 'A unified social credit code uses only digits and the letters A–Y except I, O, S, V and Z.',
  DIVISION: 'Characters 3 to 8 of a unified social credit code are the administrative division code (digits).',
  CHECKSUM: 'The check character (18th) does not match the first 17 characters: the code is mistyped.',
};
