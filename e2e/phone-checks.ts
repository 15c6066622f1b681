import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'

// What the browser tests check on a phone: the width, and axe-core's serious and critical violations.

/** A 390×844 phone; bypassCSP lets the test inject axe-core's source into pages whose policy refuses inline scripts. */
export const phone = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 1,
  isMobile: true,
  hasTouch: true,
  bypassCSP: true,
}

/** Where the phone screenshots are kept (test-artifacts/phones/). */
export const phoneArtifacts = new URL('../test-artifacts/phones/', import.meta.url).pathname

let axeSource: string | undefined

interface AxeViolation {
  id: string
  impact: string | null
  nodes: { target: string[] }[]
}

/** The serious and critical axe-core violations of the page as it is, as "rule: target" lines. */
export async function seriousViolations(page: Page): Promise<string[]> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
  await page.addScriptTag({ content: axeSource })
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe
    const result = await axe.run()
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .flatMap((v) => v.nodes.slice(0, 3).map((n) => `${v.id}: ${n.target.join(' ')}`))
  })
}

/** Fails when the document scrolls sideways on the phone; saves the screenshot (in phoneArtifacts) either way. */
export async function fitsThePhone(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${phoneArtifacts}${name}.png`, fullPage: true })
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }))
  expect(scrollWidth, `${name} is ${scrollWidth}px wide on a ${innerWidth}px screen`).toBeLessThanOrEqual(
    innerWidth,
  )
}
