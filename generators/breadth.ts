// Breadth of values (issue 15, part 5): named arbitraries that reach the edges a vendor's
// storage may get wrong: strings of many lengths (past the common column widths 32, 64 and
// 255), non-ASCII and emoji text (whole graphemes), integers to the edge of their type
// (billId: "long", "at most 19 digits"), fractional amounts, empty strings; and, for
// invalid requests, `null` for optional fields and a wrong type for any field.
// No clock, no Math.random: every value comes from fast-check.
import fc from 'fast-check';

/** The column widths a host's storage commonly cuts at. */
export const COLUMN_WIDTHS = [32, 64, 255] as const;

/** A length: short, or just around and past a common column width. */
export const textLength = (): fc.Arbitrary<number> =>
  fc.oneof(
    fc.integer({ min: 1, max: 12 }),
    ...COLUMN_WIDTHS.map((w) => fc.integer({ min: w - 1, max: w + 9 })),
  );

const ASCII = fc.constantFrom(...'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789-_ '.split(''));
/** Non-ASCII characters a Latin-1 or byte-cut storage mangles: accents, CJK, RTL, emoji (some of several code points). */
const WIDE = fc.constantFrom('é', 'ß', 'Ø', 'ñ', '東', '京', 'ש', 'ل', '€', '😀', '🎟️', '👩‍💻', '🇮🇳', '✓');

/** ASCII text of `length` characters (no leading or trailing space: hosts may trim). */
function asciiOf(length: number): fc.Arbitrary<string> {
  return fc.array(ASCII, { minLength: length, maxLength: length }).map((cs) => `x${cs.join('').slice(1, -1)}x`.slice(0, Math.max(length, 1)));
}

/** Non-empty ASCII text of many lengths, long ones included (past 32, 64, 255). */
export const longText = (): fc.Arbitrary<string> => textLength().chain(asciiOf);

/** Non-empty text with non-ASCII characters and emoji, counted in graphemes, of many lengths. */
export const unicodeText = (): fc.Arbitrary<string> =>
  textLength().chain((length) =>
    fc
      .tuple(fc.string({ unit: 'grapheme', minLength: Math.max(1, length - 1), maxLength: length }), WIDE)
      .map(([s, wide]) => `${wide}${s.replace(/\s/g, '_')}`),
  );

/** Any non-empty text the schema allows for a free string: short, long, non-ASCII, emoji. */
export const anyText = (): fc.Arbitrary<string> => fc.oneof(longText(), unicodeText());

/** Text, or the empty string (valid where the schema sets no minLength). */
export const textOrEmpty = (): fc.Arbitrary<string> => fc.oneof({ arbitrary: anyText(), weight: 4 }, { arbitrary: fc.constant(''), weight: 1 });

/** A non-negative integer up to Number.MAX_SAFE_INTEGER, edges favoured (0, 2^31, 2^32, 2^53 - 1). */
export const safeInteger = (): fc.Arbitrary<number> =>
  fc.oneof(
    fc.integer({ min: 0, max: 1_000_000 }),
    fc.constantFrom(0, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER),
    fc.maxSafeNat(),
  );

/** The largest value of a "long" (Java int64). */
export const INT64_MAX = 9_223_372_036_854_775_807n;

/**
 * billId where a page says "long" / "at most 19 digits": a bigint up to int64's maximum (19
 * digits). Sending it needs a raw JSON body (`jsonWithBigInts`); above 2^53 a JSON number
 * that a host parses as a double loses digits.
 */
export const longInteger = (): fc.Arbitrary<bigint> =>
  fc.oneof(fc.bigInt({ min: 0n, max: INT64_MAX }), fc.constantFrom(0n, 2n ** 53n + 1n, 10n ** 18n + 3n, INT64_MAX));

/** JSON text where bigints are written as integer literals (JSON.stringify cannot). */
export function jsonWithBigInts(value: unknown): string {
  const marks: string[] = [];
  const tag = `__bigint_${Math.floor(Number.MAX_SAFE_INTEGER / 7).toString(36)}_`;
  const text = JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `${tag}${marks.push(v.toString()) - 1}` : v));
  return text.replace(new RegExp(`"${tag}(\\d+)"`, 'g'), (_m, i: string) => marks[Number(i)]!);
}

/** A money amount: whole or fractional (two decimals), small or large. */
export const amount = (): fc.Arbitrary<number> =>
  fc.oneof(
    fc.integer({ min: 0, max: 100_000 }),
    fc.integer({ min: 0, max: 10_000_000 }).map((cents) => cents / 100),
    fc.constantFrom(0, 0.01, 0.5, 99.99, 1e9),
  );

/** billAmount of a bulk redeem: a decimal string (the pages' examples) or a number. */
export const bulkAmount = (): fc.Arbitrary<string | number> =>
  fc.oneof(amount(), amount().map((n) => (Number.isInteger(n) ? String(n) : n.toFixed(2))));

/** For invalid requests: `null` in place of an optional field. */
export const nullValue = (): fc.Arbitrary<null> => fc.constant(null);

/** For invalid requests: a value of another JSON type than `type`. */
export function wrongType(type: 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array'): fc.Arbitrary<unknown> {
  const all: Record<string, fc.Arbitrary<unknown>> = {
    string: fc.string({ minLength: 1, maxLength: 8 }).filter((s) => !/^\d+(\.\d+)?$/.test(s)),
    integer: fc.integer(),
    number: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).filter((n) => !Number.isInteger(n)),
    boolean: fc.boolean(),
    object: fc.constant({ unexpected: 'object' }),
    array: fc.constant(['unexpected', 'array']),
  };
  const others = Object.entries(all).filter(([k]) => k !== type && !(type === 'number' && k === 'integer'));
  return fc.oneof(...others.map(([, a]) => a));
}
