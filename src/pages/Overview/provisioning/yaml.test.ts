import { toYaml } from './yaml';

describe('toYaml', () => {
  it('writes nested maps and lists with quoted strings', () => {
    expect(toYaml({ a: 1, b: ['x', { c: 'q"uote', d: [] }], e: {}, 'f-g': null, h: true })).toBe(
      'a: 1\nb:\n  - "x"\n  - c: "q\\"uote"\n    d: []\ne: {}\n"f-g": null\nh: true\n'
    );
  });
});
