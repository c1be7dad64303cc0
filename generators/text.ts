// Strings matching a pattern. fc.stringMatching parses its regular expression into an
// arbitrary, which costs milliseconds per pattern (tens on a loaded machine) and makes its
// values slowly; the patterns the suite uses are simple sequences of literal text and
// character classes with a bound ('^cf_[a-z0-9_]{1,10}$'), so those are built directly
// from fc.string over the class's characters, and anything else falls back to
// fc.stringMatching. Arbitraries are immutable, so one instance per pattern serves them all.
import fc from 'fast-check';

const byPattern = new Map<string, fc.Arbitrary<string>>();

export function matching(regex: RegExp): fc.Arbitrary<string> {
  const key = `/${regex.source}/${regex.flags}`;
  let arbitrary = byPattern.get(key);
  if (!arbitrary) byPattern.set(key, (arbitrary = simplePattern(regex) ?? fc.stringMatching(regex)));
  return arbitrary;
}

/** One piece of a simple pattern: literal text, or `count` characters of a class. */
type Piece = { literal: string } | { chars: string[]; min: number; max: number };

const LITERAL = /[A-Za-z0-9_ :@,=-]/;
const CLASS_LITERAL = /[A-Za-z0-9_ :@.,=]/;

/** The characters of a class body ('A-Za-z0-9 _-'), or undefined for anything but ranges and plain characters. */
function classChars(body: string): string[] | undefined {
  const chars = new Set<string>();
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '-' && (i === 0 || i === body.length - 1)) {
      chars.add('-');
    } else if (body[i + 1] === '-' && i + 2 < body.length) {
      const from = c.charCodeAt(0);
      const to = body.charCodeAt(i + 2);
      if (!CLASS_LITERAL.test(c) || !CLASS_LITERAL.test(body[i + 2]) || to < from) return undefined;
      for (let code = from; code <= to; code++) chars.add(String.fromCharCode(code));
      i += 2;
    } else if (c === '\\' && body[i + 1] === 'd') {
      for (let d = 0; d <= 9; d++) chars.add(String(d));
      i += 1;
    } else if (CLASS_LITERAL.test(c)) {
      chars.add(c);
    } else {
      return undefined;
    }
  }
  return chars.size ? [...chars] : undefined;
}

/** The pieces of `^piece...$` (literals, `[class]` or `\d` with an optional `{n}` / `{m,n}`), or undefined. */
function piecesOf(source: string): Piece[] | undefined {
  if (!source.startsWith('^') || !source.endsWith('$') || source.endsWith('\\$')) return undefined;
  const body = source.slice(1, -1);
  const pieces: Piece[] = [];
  let i = 0;
  while (i < body.length) {
    let chars: string[] | undefined;
    if (body[i] === '[') {
      const end = body.indexOf(']', i + 1);
      if (end < 0 || body[i + 1] === '^') return undefined;
      chars = classChars(body.slice(i + 1, end));
      i = end + 1;
    } else if (body[i] === '\\' && body[i + 1] === 'd') {
      chars = classChars('\\d');
      i += 2;
    } else if (LITERAL.test(body[i])) {
      chars = [body[i]];
      i += 1;
    }
    if (!chars) return undefined;
    let min = 1;
    let max = 1;
    const bound = /^\{(\d+)(?:,(\d+))?\}/.exec(body.slice(i));
    if (bound) {
      min = Number(bound[1]);
      max = bound[2] === undefined ? min : Number(bound[2]);
      if (max < min) return undefined;
      i += bound[0].length;
    } else if ('?*+'.includes(body[i] ?? '')) {
      return undefined;
    }
    const last = pieces[pieces.length - 1];
    if (chars.length === 1 && min === 1 && max === 1) {
      if (last && 'literal' in last) last.literal += chars[0];
      else pieces.push({ literal: chars[0] });
    } else {
      pieces.push({ chars, min, max });
    }
  }
  return pieces.length ? pieces : undefined;
}

function pieceArbitrary(piece: Piece): fc.Arbitrary<string> {
  if ('literal' in piece) return fc.constant(piece.literal);
  return fc.string({ unit: fc.constantFrom(...piece.chars), minLength: piece.min, maxLength: piece.max });
}

function joined(parts: string[]): string {
  return parts.join('');
}

/** The arbitrary of a simple pattern (no flags), or undefined to use fc.stringMatching. */
export function simplePattern(regex: RegExp): fc.Arbitrary<string> | undefined {
  if (regex.flags !== '') return undefined;
  const pieces = piecesOf(regex.source);
  if (!pieces) return undefined;
  if (pieces.length === 1) return pieceArbitrary(pieces[0]);
  return fc.tuple(...pieces.map(pieceArbitrary)).map(joined);
}
