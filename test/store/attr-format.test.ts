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
