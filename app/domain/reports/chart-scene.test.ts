import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { layoutChart, niceScale, sceneToSvg } from './chart-scene.ts'
import type { ChartSpec } from './document.ts'

const spec = (rows: ChartSpec['rows'], series: ChartSpec['series'] = [{ key: 'a', label: 'A' }]): ChartSpec => ({
  name: 'test',
  section: 'community',
  title: 'Test <chart> & co',
  xKey: 'month',
  unit: 'count',
  currency: null,
  series,
  rows,
})

describe('chart layout', () => {
  test('the axis maximum is a round number at or above every value', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 1e9, noNaN: true }), (max) => {
        const scale = niceScale(max)
        expect(scale.max).toBeGreaterThanOrEqual(max * (1 - 1e-9))
        expect(scale.max / scale.step).toBeLessThanOrEqual(5.0001)
      }),
    )
  })

  test('bars scale to the axis and stay inside the plot', () => {
    const scene = layoutChart(
      spec([
        { month: '2025-07', a: 10 },
        { month: '2025-08', a: 40 },
      ]),
      { width: 400, height: 200 },
    )
    const rects = scene.shapes.filter((s) => s.kind === 'rect') as Extract<(typeof scene.shapes)[number], { kind: 'rect' }>[]
    // the two bars, then the legend's swatch
    const [b10, b40] = rects
    expect(rects).toHaveLength(3)
    expect(b40.h / b10.h).toBeCloseTo(4, 5)
    for (const s of scene.shapes) if (s.kind === 'rect') expect(s.y + s.h).toBeLessThanOrEqual(200)
  })

  test('a null breaks a line instead of inventing a value', () => {
    const scene = layoutChart(
      spec(
        [
          { month: '1', a: 1 },
          { month: '2', a: 2 },
          { month: '3', a: null },
          { month: '4', a: 3 },
          { month: '5', a: 4 },
        ],
        [{ key: 'a', label: 'A', as: 'line' }],
      ),
    )
    const lines = scene.shapes.filter((s) => s.kind === 'polyline')
    expect(lines).toHaveLength(2)
    expect(scene.shapes.filter((s) => s.kind === 'circle')).toHaveLength(4)
  })

  test('no rows says so; text is escaped in the SVG', () => {
    const svg = sceneToSvg(layoutChart(spec([])))
    expect(svg).toContain('No data for this quarter')
    expect(svg).toContain('Test &lt;chart&gt; &amp; co')
    expect(svg).not.toContain('<chart>')
  })
})
