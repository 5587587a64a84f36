import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Colours and spacings are design tokens (app/tokens.css) and nothing else: a raw colour in another
 * stylesheet escapes the palette and its contrast checks, a raw margin, padding or gap the spacing
 * scale. This scans every stylesheet of the client. In margins, paddings and gaps the only lengths
 * written as they are: 0; `1px` and `-1px` (a border drawn, or overlapped by a neighbour's); and
 * lengths relative to the window or the box (`vw`, `vh`, `%`), which are not steps of a scale but
 * the fluid part of a spacing bounded by tokens, as in `clamp(var(--space-4), 4vw, var(--space-7))`.
 */
const SRC = fileURLToPath(new URL('..', import.meta.url));
const TOKENS = path.join(SRC, 'app', 'tokens.css');

/** Every CSS named colour (CSS Color 4), keywords such as `transparent` and `currentColor` excepted. */
const NAMED = new Set(
  (
    'aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue blueviolet brown burlywood cadetblue ' +
    'chartreuse chocolate coral cornflowerblue cornsilk crimson cyan darkblue darkcyan darkgoldenrod darkgray darkgreen darkgrey ' +
    'darkkhaki darkmagenta darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen darkslateblue darkslategray ' +
    'darkslategrey darkturquoise darkviolet deeppink deepskyblue dimgray dimgrey dodgerblue firebrick floralwhite forestgreen ' +
    'fuchsia gainsboro ghostwhite gold goldenrod gray green greenyellow grey honeydew hotpink indianred indigo ivory khaki ' +
    'lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan lightgoldenrodyellow lightgray lightgreen ' +
    'lightgrey lightpink lightsalmon lightseagreen lightskyblue lightslategray lightslategrey lightsteelblue lightyellow lime ' +
    'limegreen linen magenta maroon mediumaquamarine mediumblue mediumorchid mediumpurple mediumseagreen mediumslateblue ' +
    'mediumspringgreen mediumturquoise mediumvioletred midnightblue mintcream mistyrose moccasin navajowhite navy oldlace olive ' +
    'olivedrab orange orangered orchid palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru pink plum ' +
    'powderblue purple rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown seagreen seashell sienna silver skyblue ' +
    'slateblue slategray slategrey snow springgreen steelblue tan teal thistle tomato turquoise violet wheat white whitesmoke ' +
    'yellow yellowgreen'
  ).split(' '),
);

/** A colour written as a value: hex, a colour function, or a named colour. */
export function rawColours(css: string): string[] {
  const found: string[] = [];
  const withoutComments = css.replace(/\/\*[\s\S]*?\*\//g, '');
  // Declarations only (`property: value`), so selectors and property names (`white-space`) are not read.
  for (const [, property, value] of withoutComments.matchAll(/([\w-]+)\s*:\s*([^;{}]+)/g)) {
    if (property!.startsWith('--')) continue;
    for (const hex of value!.match(/#[0-9a-f]{3,8}\b/gi) ?? []) found.push(hex);
    for (const fn of value!.match(/\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\(/gi) ?? []) found.push(fn);
    for (const word of value!.match(/(?<![\w-])[a-z]+(?![\w-])/gi) ?? []) if (NAMED.has(word.toLowerCase())) found.push(word);
  }
  return found;
}

/** The properties that space things apart: every length in them is a `--space-*` token. */
const SPACING = /^(?:margin|padding)(?:-(?:top|right|bottom|left|block|inline)(?:-(?:start|end))?)?$|^(?:row-|column-)?gap$/;
/** Lengths written as they are: nothing, and the 1px that draws (or, negative, overlaps) a border. */
const ALLOWED_LENGTHS = new Set(['0', '1px', '-1px']);
/** Units relative to the window or the box: the fluid part of a spacing, between two tokens. */
const FLUID = /(?:%|vw|vh|vi|vb|vmin|vmax|dvw|dvh|svw|svh|lvw|lvh)$/i;

/** A length written as a value of a margin, padding or gap (`0.35rem`, `12px`), where a spacing token belongs. */
export function rawSpacings(css: string): string[] {
  const found: string[] = [];
  const withoutComments = css.replace(/\/\*[\s\S]*?\*\//g, '');
  for (const [, property, value] of withoutComments.matchAll(/([\w-]+)\s*:\s*([^;{}]+)/g)) {
    if (!SPACING.test(property!)) continue;
    // Tokens are read, not written: take `var(...)` out before looking for numbers with a unit.
    const written = value!.replace(/var\(--[\w-]+\)/g, '');
    for (const length of written.match(/(?<![\w.-])-?(?:\d*\.)?\d+(?:[a-z]+|%)/gi) ?? []) {
      if (ALLOWED_LENGTHS.has(length) || FLUID.test(length) || /^-?0+(?:\.0+)?[a-z%]*$/i.test(length)) continue;
      found.push(`${property}: ${length}`);
    }
  }
  return found;
}

function stylesheets(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return stylesheets(full);
    return entry.name.endsWith('.css') ? [full] : [];
  });
}

describe('design tokens', () => {
  it('finds raw colours, and only in values', () => {
    expect(rawColours('a { color: #1f2328; background: rgb(0 0 0 / 10%); border-color: white; }')).toEqual(['#1f2328', 'rgb(', 'white']);
    expect(rawColours('.x { white-space: nowrap; color: var(--text); border: 1px solid transparent; fill: currentColor; }')).toEqual([]);
    expect(rawColours('/* #fff */ .red-dot { outline: 2px solid var(--focus, #1d62d6); }')).toEqual(['#1d62d6']);
  });

  it('finds raw lengths in margins, paddings and gaps, and only there', () => {
    expect(rawSpacings('a { margin: 0.35rem 0 1rem; padding-inline-start: 12px; gap: 1.5em var(--space-2); }')).toEqual([
      'margin: 0.35rem',
      'margin: 1rem',
      'padding-inline-start: 12px',
      'gap: 1.5em',
    ]);
    expect(rawSpacings('.x { padding: var(--space-2) var(--space-1-5); margin: 0 auto -1px; border: 1px solid; width: 12rem; top: 2px; }')).toEqual([]);
    expect(rawSpacings('.x { padding: clamp(var(--space-4), 4vw, var(--space-7)); margin-top: calc(-1 * var(--space-2)); gap: 5%; }')).toEqual([]);
    expect(rawSpacings('.x { padding: clamp(1rem, 4vw, var(--space-7)); }')).toEqual(['padding: 1rem']);
    expect(rawSpacings('/* margin: 3px */ .x { row-gap: 0.5rem; }')).toEqual(['row-gap: 0.5rem']);
  });

  it('keeps every colour of the client in the tokens file', () => {
    const files = stylesheets(SRC).filter((file) => file !== TOKENS);
    expect(files.length).toBeGreaterThan(5);
    const offenders = files.flatMap((file) => rawColours(readFileSync(file, 'utf8')).map((colour) => `${path.relative(SRC, file)}: ${colour}`));
    expect(offenders).toEqual([]);
  });

  it('spaces everything of the client with the spacing tokens', () => {
    const files = stylesheets(SRC).filter((file) => file !== TOKENS);
    const offenders = files.flatMap((file) => rawSpacings(readFileSync(file, 'utf8')).map((length) => `${path.relative(SRC, file)}: ${length}`));
    expect(offenders).toEqual([]);
  });
});
