import { maskPersonalData } from '../../src/core/personal-data.js';

describe('personal data in free text is masked', () => {
  test('mainland mobile numbers, with or without +86 and separators', () => {
    expect(maskPersonalData('客户手机 13812345678，请回电')).toBe('客户手机 138****5678，请回电');
    expect(maskPersonalData('call +86 139-1234-5678 or 008615012345678')).toBe('call 139****5678 or 150****5678');
    expect(maskPersonalData('138 1234 5678')).toBe('138****5678');
  });

  test('18-digit ID-card numbers keep the area code and the last four', () => {
    expect(maskPersonalData('身份证 11010519491231002X 已核验')).toBe('身份证 110105********002X 已核验');
    expect(maskPersonalData('id 440308199901011234.')).toBe('id 440308********1234.');
  });

  test('e-mail addresses keep the first character and the domain', () => {
    expect(maskPersonalData('write to li.wei@example.cn please')).toBe('write to l***@example.cn please');
  });

  test('a note with a mobile and an ID-card number is masked throughout; other numbers are left alone', () => {
    expect(maskPersonalData('Agent read 13812345678 and ID 110101199003071234 aloud; order 2026110112345, 12345678901234567890')).toBe(
      'Agent read 138****5678 and ID 110101********1234 aloud; order 2026110112345, 12345678901234567890',
    );
    expect(maskPersonalData('Ticket 23812345678 (not a mobile), amount 163716.00')).toBe('Ticket 23812345678 (not a mobile), amount 163716.00');
  });
});
