import { creditCodeCheckCharacter, creditCodeProblem, normalizeCreditCode } from '../../src/modules/organizations/credit-code.js';

describe('unified social credit code, GB 32100-2015', () => {
  test.each(['91350100M000100Y43', '91110108551385082Q', '91440300708461136T'])('real code %s is valid', (code) => {
    expect(creditCodeProblem(code)).toBeNull();
  });

  test('a mistyped check character is a CHECKSUM problem', () => {
    expect(creditCodeProblem('91350100M000100Y44')).toBe('CHECKSUM');
    expect(creditCodeProblem('91440300708461136X')).toBe('CHECKSUM');
  });

  test('a swapped pair of characters is caught by the check character', () => {
    expect(creditCodeProblem('91350100M000010Y43')).toBe('CHECKSUM');
  });

  test('length, alphabet and division code', () => {
    expect(creditCodeProblem('91350100M000100Y4')).toBe('LENGTH');
    expect(creditCodeProblem('91350100M000100Y433')).toBe('LENGTH');
    for (const letter of ['I', 'O', 'S', 'V', 'Z']) expect(creditCodeProblem(`91350100M00010${letter}Y43`)).toBe('CHARACTERS');
    expect(creditCodeProblem('913501A0M000100Y43')).toBe('DIVISION');
  });

  test('the check character maps 31 − (Σ weight × value mod 31), with 31 → 0', () => {
    expect(creditCodeCheckCharacter('91350100M000100Y4')).toBe('3');
    expect(creditCodeCheckCharacter('91110108551385082')).toBe('Q');
  });

  test('codes typed with spaces or lower case are normalized', () => {
    expect(normalizeCreditCode(' 9135 0100 m000 100y43 ')).toBe('91350100M000100Y43');
  });
});
