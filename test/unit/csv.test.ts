import { CSV_BOM, csvField, csvHeader, csvRow, type CsvColumn } from '../../src/core/csv.js';
import { compactDates } from '../../src/modules/statements/statement-export.js';
import { parseCsv } from '../helpers/csv.js';

describe('csvField', () => {
  test('plain text and numbers as they are; empty for null and undefined', () => {
    expect(csvField('BASE_CONTACTS', 'text')).toBe('BASE_CONTACTS');
    expect(csvField('客服外包', 'text')).toBe('客服外包');
    expect(csvField('163716.00', 'number')).toBe('163716.00');
    expect(csvField(3000, 'number')).toBe('3000');
    expect(csvField(null, 'text')).toBe('');
    expect(csvField(undefined, 'number')).toBe('');
  });

  test('quoted when holding a comma, a double quote, CR or LF, with quotes doubled', () => {
    expect(csvField('a,b', 'text')).toBe('"a,b"');
    expect(csvField('say "hi"', 'text')).toBe('"say ""hi"""');
    expect(csvField('one\ntwo', 'text')).toBe('"one\ntwo"');
    expect(csvField('one\r\ntwo', 'text')).toBe('"one\r\ntwo"');
  });

  test('text that a spreadsheet would run as a formula gets a leading apostrophe; numbers keep their sign', () => {
    for (const formula of ['=1+1', '+86 400', '-20%', '@SUM(A1)', '\t=1', '\r=1']) expect(csvField(formula, 'text').replace(/^"/, '')).toMatch(/^'/);
    expect(csvField('=HYPERLINK("x")', 'text')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('-3274.32', 'number')).toBe('-3274.32');
    expect(csvField('a = b', 'text')).toBe('a = b');
  });

  test('a numeric column refuses what is not a plain decimal (nothing slips through unguarded)', () => {
    expect(() => csvField('=1+1', 'number')).toThrow(/not a number/);
    expect(() => csvField('1e5', 'number')).toThrow(/not a number/);
  });
});

test('records are CRLF-terminated and read back as written', () => {
  type Row = { text: string; amount: string };
  const columns: CsvColumn<Row>[] = [
    { header: 'text', kind: 'text', value: (r) => r.text },
    { header: 'amount', kind: 'number', value: (r) => r.amount },
  ];
  const rows: Row[] = [
    { text: '节假日, "三倍"\r\n第二行', amount: '-1.50' },
    { text: '', amount: '0.00' },
  ];
  const text = CSV_BOM + csvHeader(columns) + rows.map((r) => csvRow(columns, r)).join('');
  expect(text.endsWith('\r\n')).toBe(true);
  expect(parseCsv(text)).toEqual([
    ['text', 'amount'],
    ['节假日, "三倍"\r\n第二行', '-1.50'],
    ['', '0.00'],
  ]);
});

test('compactDates: runs of consecutive days as ISO intervals, joined by ";"', () => {
  expect(compactDates(undefined)).toBeNull();
  expect(compactDates([])).toBeNull();
  expect(compactDates(['2026-10-05'])).toBe('2026-10-05');
  expect(compactDates(['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-05', '2026-10-07', '2026-10-08'])).toBe(
    '2026-10-01/2026-10-03;2026-10-05;2026-10-07/2026-10-08',
  );
  // Across a month end, unordered and repeated.
  expect(compactDates(['2026-11-01', '2026-10-31', '2026-10-31', '2026-10-30'])).toBe('2026-10-30/2026-11-01');
});
