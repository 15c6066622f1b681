import { FunnelChart as EFunnel } from 'echarts/charts'
import { TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { useEffect, useRef } from 'react'

echarts.use([EFunnel, TooltipComponent, CanvasRenderer])

/** An ECharts funnel of labelled counts, in the given order (widest first). */
export function FunnelChart({ steps }: { steps: { label: string; value: number }[] }) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (!ref.current) return
    const chart = echarts.init(ref.current)
    chart.setOption({
      tooltip: { trigger: 'item', formatter: '{b}: {c}' },
      series: [
        {
          type: 'funnel',
          sort: 'none',
          left: '10%',
          width: '80%',
          minSize: '8%',
          label: { show: true, position: 'inside', formatter: '{b}: {c}' },
          data: steps.map((s) => ({ name: s.label, value: s.value })),
        },
      ],
    })
    const resize = () => chart.resize()
    window.addEventListener('resize', resize)
    return () => {
      window.removeEventListener('resize', resize)
      chart.dispose()
    }
  }, [steps])
  return <div ref={ref} style={{ width: '100%', height: 320 }} data-testid="program-funnel" />
}
