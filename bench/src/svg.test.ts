import { niceTicks, renderLineChart } from './svg';

describe('niceTicks', () => {
  it('covers the maximum with 1/2/5 steps', () => {
    expect(niceTicks(9.3)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(120000)).toEqual([0, 50000, 100000, 150000]);
  });
  it('degrades to [0, 1] on an empty range', () => {
    expect(niceTicks(0)).toEqual([0, 1]);
  });
});

describe('renderLineChart', () => {
  it('draws one polyline per series, escapes text and places points inside the plot', () => {
    const svg = renderLineChart({
      title: 'prove <time>',
      xLabel: 'constraints',
      yLabel: 's',
      series: [
        { name: 'zkr', points: [[100000, 8], [50000, 4]] },
        { name: 'snarkjs & co', points: [[100000, 10]] },
      ],
    });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg).toContain('prove &lt;time&gt;');
    expect(svg).toContain('snarkjs &amp; co');
    const xs = [...svg.matchAll(/<circle cx="([\d.]+)"/g)].map((m) => Number(m[1]));
    for (const x of xs) expect(x).toBeGreaterThanOrEqual(70);
    for (const x of xs) expect(x).toBeLessThanOrEqual(620);
  });
});
