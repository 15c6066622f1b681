import { useMemo } from 'react'
import { EChart } from '../../../components/EChart.js'

/** An ECharts funnel of labelled counts, in the given order (widest first). */
export function FunnelChart({ steps }: { steps: { label: string; value: number }[] }) {
  const option = useMemo(
    () => ({
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
    }),
    [steps],
  )
  return <EChart option={option} testId="program-funnel" />
}
