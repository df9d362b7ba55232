import { Decimal } from 'decimal.js';
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

function invalid(scalar: string, message: string): GraphQLError {
  return new GraphQLError(`${scalar}: ${message}`, { extensions: { code: 'BAD_USER_INPUT' } });
}

function stringLiteral(scalar: string, ast: ValueNode): string {
  if (ast.kind !== Kind.STRING) throw invalid(scalar, 'expected a string');
  return ast.value;
}

const DECIMAL_TEXT = /^-?\d{1,18}(\.\d{1,12})?$/;

/** Exact decimal numbers (money, rates, percentages) as strings, e.g. "152714.28"; never a Float. */
export const DecimalScalar = new GraphQLScalarType<Decimal, string>({
  name: 'Decimal',
  description:
    'An exact decimal number written as a string, e.g. "152714.28"; never a float. Answers have a fixed number of decimals by kind: money amounts and unit prices 2, fractions and factors (ratios, ramp-up factors, multipliers, VAT rate, weights) 4, percentages, scores and KPI values 2. Inputs with more decimals than their kind allows are refused.',
  serialize(value) {
    // Strings are written by `fixed()` with the scale of their kind: kept as they are, trailing zeros included.
    if (typeof value === 'string' && DECIMAL_TEXT.test(value)) return value;
    if (value instanceof Decimal) return value.toFixed();
    throw invalid('Decimal', 'cannot serialize a non-decimal value');
  },
  parseValue(value) {
    if (typeof value !== 'string' || !DECIMAL_TEXT.test(value)) {
      throw invalid('Decimal', 'expected a decimal string such as "1.34"');
    }
    return new Decimal(value);
  },
  parseLiteral(ast) {
    const text = stringLiteral('Decimal', ast);
    if (!DECIMAL_TEXT.test(text)) throw invalid('Decimal', 'expected a decimal string such as "1.34"');
    return new Decimal(text);
  },
});

const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Dates and months the API works with: 1900 to 2999. Rules reach a day or a month past the one
 * given (month ends, terms, transitions), which must stay a four-digit year.
 */
export const CALENDAR_YEARS = { min: 1900, max: 2999 } as const;

const inCalendarYears = (year: number) => year >= CALENDAR_YEARS.min && year <= CALENDAR_YEARS.max;

function isCalendarDate(text: string): boolean {
  const match = DATE_TEXT.exec(text);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (!inCalendarYears(y)) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function textScalar(name: string, description: string, valid: (text: string) => boolean, example: string) {
  const check = (text: unknown): string => {
    if (typeof text !== 'string' || !valid(text)) throw invalid(name, `expected a value like "${example}"`);
    return text;
  };
  return new GraphQLScalarType<string, string>({
    name,
    description,
    serialize: check,
    parseValue: check,
    parseLiteral: (ast) => check(stringLiteral(name, ast)),
  });
}

/** A calendar date without time zone, e.g. "2026-10-01". */
export const DateScalar = textScalar('Date', 'A calendar date, ISO 8601: "2026-10-01" (years 1900 to 2999).', isCalendarDate, '2026-10-01');

/** A calendar month, e.g. "2026-10". */
export const YearMonthScalar = textScalar(
  'YearMonth',
  'A calendar month, ISO 8601: "2026-10" (years 1900 to 2999).',
  (text) => /^\d{4}-(0[1-9]|1[0-2])$/.test(text) && inCalendarYears(Number(text.slice(0, 4))),
  '2026-10',
);

function isTimeZone(text: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: text });
    return text.includes('/') || text === 'UTC';
  } catch {
    return false;
  }
}

/** An IANA time zone name. */
export const TimeZoneScalar = textScalar('TimeZone', 'An IANA time zone name: "Asia/Shanghai".', isTimeZone, 'Asia/Shanghai');

const DATE_TIME_TEXT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string' || !DATE_TIME_TEXT.test(value) || Number.isNaN(Date.parse(value))) {
    throw invalid('DateTime', 'expected ISO 8601 with an offset, e.g. "2026-10-01T09:00:00+08:00"');
  }
  return new Date(value);
}

/** An instant, ISO 8601 with offset; served in UTC ("2026-10-01T01:00:00.000Z"). */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An instant in ISO 8601 with an offset, e.g. "2026-10-01T09:00:00+08:00". Responses use UTC.',
  serialize(value) {
    const date = value instanceof Date ? value : new Date(value as string);
    if (Number.isNaN(date.getTime())) throw invalid('DateTime', 'cannot serialize an invalid date');
    return date.toISOString();
  },
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(stringLiteral('DateTime', ast)),
});
