import { BarChart, FunnelChart, HeatmapChart, LineChart, SankeyChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { useEffect, useRef } from 'react'

// The chart kinds the dashboard draws; each page loads this module (and ECharts) only when it is opened.
echarts.use([
  BarChart,
  FunnelChart,
  HeatmapChart,
  LineChart,
  SankeyChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
])

export type ChartOption = echarts.EChartsCoreOption

/** An ECharts chart that follows its option and container size; `onClick` gets the clicked item's data. */
export function EChart({
  option,
  height,
  onClick,
  testId,
  label,
}: {
  option: ChartOption
  height?: number
  onClick?: (data: unknown) => void
  testId?: string
  /** What the chart shows, for screen readers. */
  label?: string
}) {
  const element = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | null>(null)
  const clickRef = useRef(onClick)
  clickRef.current = onClick

  useEffect(() => {
    if (!element.current) return
    const instance = echarts.init(element.current)
    chart.current = instance
    instance.on('click', (params) => clickRef.current?.(params.data))
    const observer = new ResizeObserver(() => instance.resize())
    observer.observe(element.current)
    return () => {
      observer.disconnect()
      instance.dispose()
      chart.current = null
    }
  }, [])

  useEffect(() => {
    chart.current?.setOption(option, true)
  }, [option])

  return (
    <div
      ref={element}
      style={{ height: height ?? 320, width: '100%' }}
      data-testid={testId}
      {...(label ? { role: 'img', 'aria-label': label } : {})}
    />
  )
}
