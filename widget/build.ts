import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const widgetOutfile = join(root, 'dist/widget/widget.js')

/** Bundles widget/widget.ts into one minified script for old and new browsers alike. */
export async function buildWidget(outfile = widgetOutfile): Promise<string> {
  mkdirSync(dirname(outfile), { recursive: true })
  await build({
    entryPoints: [join(root, 'widget/widget.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2018'],
    legalComments: 'none',
    outfile,
    logLevel: 'warning',
  })
  return outfile
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildWidget()
