import { describe, expect, it } from 'vitest';
import { commandsOf, documentedPattern, matches } from './examples.js';

/* The reader of documented outputs must catch a wrong answer, or the examples test proves nothing. */

describe('documented outputs', () => {
  const check = (documented: string, answer: unknown) =>
    matches(answer, documentedPattern(documented));

  it('compares values exactly, `…` standing for what the text leaves out', () => {
    expect(check('{"a":1,"b":"x"}', { a: 1, b: 'x' })).toBeUndefined();
    expect(check('{"a":1,"b":"x"}', { a: 2, b: 'x' })).toMatch('$.a');
    expect(check('{"a":1}', { a: 1, b: 2 })).toMatch('b, not documented');
    expect(check('{"a":1,…}', { a: 1, b: 2 })).toBeUndefined();
    expect(check('{"a":"…","b":…}', { a: 9, b: [1] })).toBeUndefined();
    expect(check('{"a":{…}}', { a: { z: 1 } })).toBeUndefined();
    expect(check('{"a":{…}}', { a: 3 })).toMatch('object');
    expect(check('[1,…]', [1, 2, 3])).toBeUndefined();
    expect(check('[1,…]', [2, 3])).toMatch('$[0]');
    expect(check('[1,2]', [1, 2, 3])).toMatch('2 element(s), answered 3');
    expect(check('{"items":[]}: nothing to order', { items: [] })).toBeUndefined();
  });

  it('reads commands across lines, with outputs beside or under them and prose after', () => {
    const commands = commandsOf(
      [
        `curl -s -XPUT $API/x -d '{"rules":[`,
        `  {"a":1}]}'`,
        '# {"ok":',
        '#   true}',
        '# which is what it says',
        'curl -s $API/y   # {"n":2}: two',
        'curl -s $API/z   # a remark',
      ].join('\n'),
    );
    expect(commands).toEqual([
      { command: `curl -s -XPUT $API/x -d '{"rules":[\n  {"a":1}]}'`, output: '{"ok":true}' },
      { command: 'curl -s $API/y', output: '{"n":2}: two' },
      { command: 'curl -s $API/z', output: undefined },
    ]);
  });
});
