// A bar on stderr while a command reads a file, when stderr is a terminal (a pipe or a log gets the report alone).

export interface FileProgress {
  /** Bytes read of the file's total, for the reader's onProgress. */
  onProgress?: (read: number, total: number) => void
  /** Ends the bar: with `next`, at the whole file, saying on a line of its own what the command does next. */
  done(next?: string): void
}

/** The progress of reading a file, shown as a bar when stderr is a terminal. */
export async function fileProgress(): Promise<FileProgress> {
  if (!process.stderr.isTTY) return { done: () => {} }
  // Loaded only for a terminal: a script's run never draws one.
  const { default: progress } = await import('cli-progress')
  const bar = new progress.SingleBar(
    { format: 'reading {bar} {percentage}% | {eta_formatted} left', stream: process.stderr },
    progress.Presets.shades_classic,
  )
  bar.start(1, 0)
  let stopped = false
  return {
    onProgress: (read, total) => {
      bar.setTotal(total)
      bar.update(read)
    },
    done: (next) => {
      if (stopped) return
      stopped = true
      if (next !== undefined) bar.update(bar.getTotal())
      bar.stop()
      if (next !== undefined) process.stderr.write(`${next}\n`)
    },
  }
}
