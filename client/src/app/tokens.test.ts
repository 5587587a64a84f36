import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Colours are design tokens (app/tokens.css) and nothing else: a raw colour in another stylesheet
 * escapes the palette and its contrast checks. This scans every stylesheet of the client.
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

  it('keeps every colour of the client in the tokens file', () => {
    const files = stylesheets(SRC).filter((file) => file !== TOKENS);
    expect(files.length).toBeGreaterThan(5);
    const offenders = files.flatMap((file) => rawColours(readFileSync(file, 'utf8')).map((colour) => `${path.relative(SRC, file)}: ${colour}`));
    expect(offenders).toEqual([]);
  });
});
