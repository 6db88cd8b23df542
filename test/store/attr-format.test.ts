import { expect, it } from 'vitest';
import { attrMapJson } from '../../src/store/attr-format.ts';
import type { AttrMap } from '../../src/otlp/types.ts';

/** A map as the decoders build it: no prototype, keys are data. */
function attrs(entries: Array<[string, AttrMap[string]]>): AttrMap {
  const m = Object.create(null) as AttrMap;
  for (const [k, v] of entries) m[k] = v;
  return m;
}

it('renders a Map(String, String) column as JSON: values as the exporter stores them, keys in order, escapes', () => {
  const m = attrs([
    ['b', 'text with "quotes", \\ and a newline\n'],
    ['2', 'integer-like keys come first, as in any JSON object'],
    ['a.int', 42],
    ['a.double', 0.1],
    ['a.bool', true],
    ['a.list', ['x', 1]],
    ['lone', 'half \ud800 pair'],
    ['constructor', 'data'],
  ]);
  const json = attrMapJson(m);
  expect(JSON.parse(json)).toEqual({
    '2': 'integer-like keys come first, as in any JSON object',
    b: 'text with "quotes", \\ and a newline\n',
    'a.int': '42',
    'a.double': '0.1',
    'a.bool': 'true',
    'a.list': '["x",1]',
    lone: 'half \ud800 pair',
    constructor: 'data',
  });
  expect(json).toContain('"lone":"half \\ud800 pair"'); // a lone surrogate escaped, never raw
  expect(Object.keys(JSON.parse(json))).toEqual(['2', 'b', 'a.int', 'a.double', 'a.bool', 'a.list', 'lone', 'constructor']);
});

it('keeps an attribute named __proto__ as data', () => {
  const m = attrs([
    ['first', '1'],
    ['__proto__', 'still an attribute'],
    ['last', 2],
  ]);
  const json = attrMapJson(m);
  expect(json).toBe('{"first":"1","__proto__":"still an attribute","last":"2"}');
});

it('renders an empty map as {}', () => {
  expect(attrMapJson(attrs([]))).toBe('{}');
});

it('renders doubles as pcommon Value.AsString does (float64AsString: ES6 number-to-string, Go text for NaN and ±Inf)', () => {
  // Expected texts follow the exporter's Go: 'f' format, or 'e' below 1e-6 and from 1e21 on, with
  // the exponent unpadded ("e-7", not "e-07"); -0 keeps its sign.
  const cases: Array<[number, string]> = [
    [0.1, '0.1'],
    [123456789.125, '123456789.125'],
    [3, '3'],
    [0.000001, '0.000001'],
    [1.5e-7, '1.5e-7'],
    [-2.5e-10, '-2.5e-10'],
    [1e21, '1e+21'],
    [1.2345e22, '1.2345e+22'],
    [999999999999999900000, '999999999999999900000'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [-0, '-0'],
    [Number.NaN, 'json: unsupported value: NaN'],
    [Infinity, 'json: unsupported value: +Inf'],
    [-Infinity, 'json: unsupported value: -Inf'],
  ];
  const m = attrs(cases.map(([v], i) => [`d${i}`, v]));
  expect(Object.values(JSON.parse(attrMapJson(m)) as Record<string, string>)).toEqual(cases.map(([, s]) => s));
});
