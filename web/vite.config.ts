import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const root = fileURLToPath(new URL('.', import.meta.url))

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // ECharts alone is about 590 kB; it is split out and loaded only by the pages that draw charts.
    chunkSizeWarningLimit: 700,
    // The public survey page is its own small entry: no React, no dashboard code.
    rolldownOptions: {
      input: {
        main: fileURLToPath(new URL('./index.html', import.meta.url)),
        survey: fileURLToPath(new URL('./survey.html', import.meta.url)),
      },
    },
  },
  server: {
    // `npm run dev` serves the API on PORT (4400 by default); the Vite dev server forwards to it.
    proxy: { '/api': `http://127.0.0.1:${process.env.RAPPORT_API_PORT ?? '4400'}` },
  },
})
