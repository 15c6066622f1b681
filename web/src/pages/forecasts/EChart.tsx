import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { useEffect, useRef } from 'react'

echarts.use([LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])

/** A chart drawn by ECharts from an option object; redrawn when the option changes, resized with the window. */
export function EChart({
  option,
  testId,
  label,
}: {
  option: echarts.EChartsCoreOption
  testId: string
  label: string
}) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (!ref.current) return
    const chart = echarts.init(ref.current)
    chart.setOption(option)
    const resize = () => chart.resize()
    window.addEventListener('resize', resize)
    return () => {
      window.removeEventListener('resize', resize)
      chart.dispose()
    }
  }, [option])
  return (
    <div
      ref={ref}
      style={{ height: 320, width: '100%' }}
      data-testid={testId}
      role="img"
      aria-label={label}
    />
  )
}
