import type { Command } from 'commander'
import { recordAudit, systemActor } from '../../access/audit.js'
import { CliError, resolveWorkspace, UsageError, withDb } from '../../cli/context.js'
import type { Db } from '../../db/db.js'
import { isThemeLanguage, type ThemeLanguage, themeLanguages } from './languages.js'
import { recomputeThemes } from './recompute-themes.js'
import { getStoredThemes, saveThemeEdit, themeVerbatims } from './theme-queries.js'
import { getThemeTable, themeKeysOf } from './theme-table.js'

const workspaceOption = ['--workspace <id|name>', 'the workspace (needed when there are several)'] as const

function language(value: string | undefined): ThemeLanguage | undefined {
  if (value === undefined) return undefined
  if (!isThemeLanguage(value)) throw new UsageError(`--language: one of ${themeLanguages.join(', ')}`)
  return value
}

async function knownTheme(db: Db, workspaceId: string, key: string): Promise<void> {
  const keys = (await getStoredThemes(db, workspaceId)).map((t) => t.key)
  if (!keys.includes(key))
    throw new CliError(
      `no theme '${key}' (run \`rapport themes compute\` first; there are: ${keys.join(', ') || 'none'})`,
    )
}

async function edit(
  key: string,
  change: { name?: string | null; pinned?: boolean; mergedInto?: string | null },
  workspace: string | undefined,
): Promise<void> {
  await withDb(async (db) => {
    const ws = await resolveWorkspace(db, workspace)
    await knownTheme(db, ws.id, key)
    if (change.mergedInto) await knownTheme(db, ws.id, change.mergedInto)
    if (change.mergedInto === key) throw new UsageError('a theme cannot merge into itself')
    await saveThemeEdit(db, ws.id, key, change, null)
    await recordAudit(db, {
      workspaceId: ws.id,
      actor: systemActor,
      action: 'update',
      entityType: 'comment_theme',
      entityId: key,
      details: change,
    })
    console.log(`theme ${key} updated`)
  })
}

/** `rapport themes compute|list|show|rename|pin|unpin|merge|unmerge`: comment themes from the terminal. */
export function registerThemeCommands(program: Command): void {
  const themes = program
    .command('themes')
    .description(
      'comment themes in five languages: recompute, list with sentiment and detractor lift, read, edit',
    )
  themes
    .command('compute')
    .description("recompute every comment's language, sentiment and themes (keeps renames, pins and merges)")
    .option(...workspaceOption)
    .action(async (o: { workspace?: string }) => {
      await withDb(async (db) => {
        const ws = await resolveWorkspace(db, o.workspace)
        const started = Date.now()
        const result = await recomputeThemes(db, ws.id)
        console.log(
          `${result.comments} comments, ${result.themes} themes in ${((Date.now() - started) / 1000).toFixed(1)} s`,
        )
      })
    })
  themes
    .command('list')
    .description('themes with comments, sentiment, detractor and promoter counts, lift and log odds')
    .option('--language <code>', `only comments in one language (${themeLanguages.join(', ')})`)
    .option('--touchpoint <name>', 'only comments on one touchpoint')
    .option(...workspaceOption)
    .action(async (o: { language?: string; touchpoint?: string; workspace?: string }) => {
      const lang = language(o.language)
      await withDb(async (db) => {
        const ws = await resolveWorkspace(db, o.workspace)
        const table = await getThemeTable(
          db,
          { workspaceId: ws.id, unitPath: null },
          {
            language: lang,
            touchpoint: o.touchpoint,
          },
        )
        console.log(
          ['key', 'name', 'comments', 'sentiment', 'detractors', 'promoters', 'lift', 'log_odds'].join('\t'),
        )
        for (const t of table.themes)
          console.log(
            [
              t.key,
              t.name,
              t.comments,
              t.meanSentiment.toFixed(2),
              t.separation.detractors,
              t.separation.promoters,
              t.separation.lift?.toFixed(2) ?? '-',
              t.separation.logOdds.toFixed(2),
            ].join('\t'),
          )
        console.log(`${table.totals.comments} comments, ${table.totals.themed} with a theme`)
      })
    })
  themes
    .command('show')
    .description("a theme's comments, newest first")
    .argument('<key>', 'the theme key (see list)')
    .option('--language <code>', 'only comments in one language')
    .option('--limit <n>', 'how many', '20')
    .option(...workspaceOption)
    .action(async (key: string, o: { language?: string; limit: string; workspace?: string }) => {
      const lang = language(o.language)
      const limit = Number(o.limit)
      if (!Number.isInteger(limit) || limit < 1 || limit > 200)
        throw new UsageError('--limit: a whole number 1–200')
      await withDb(async (db) => {
        const ws = await resolveWorkspace(db, o.workspace)
        await knownTheme(db, ws.id, key)
        const keys = await themeKeysOf(db, ws.id, key)
        const page = await themeVerbatims(
          db,
          { workspaceId: ws.id, unitPath: null },
          keys,
          { language: lang },
          { limit, offset: 0 },
        )
        for (const v of page.items)
          console.log(
            `${v.answeredAt.toISOString().slice(0, 10)}  ${v.language}  ${v.polarity.padEnd(8)}  ${v.text}`,
          )
        console.log(`${page.items.length} of ${page.total} comments`)
      })
    })
  themes
    .command('rename')
    .description('name a theme (kept when themes are recomputed); an empty name goes back to its phrases')
    .argument('<key>', 'the theme key')
    .argument('<name>', 'the new name')
    .option(...workspaceOption)
    .action(async (key: string, name: string, o: { workspace?: string }) => {
      const trimmed = name.trim()
      if (trimmed.length > 200) throw new UsageError('a name has at most 200 characters')
      await edit(key, { name: trimmed || null }, o.workspace)
    })
  for (const [command, pinned] of [
    ['pin', true],
    ['unpin', false],
  ] as const)
    themes
      .command(command)
      .description(
        pinned ? 'keep a theme first and find it again by its phrases on recomputation' : 'stop pinning',
      )
      .argument('<key>', 'the theme key')
      .option(...workspaceOption)
      .action(async (key: string, o: { workspace?: string }) => edit(key, { pinned }, o.workspace))
  themes
    .command('merge')
    .description("count a theme's comments under another theme")
    .argument('<key>', 'the theme to merge')
    .requiredOption('--into <key>', 'the theme it joins')
    .option(...workspaceOption)
    .action(async (key: string, o: { into: string; workspace?: string }) =>
      edit(key, { mergedInto: o.into }, o.workspace),
    )
  themes
    .command('unmerge')
    .description('undo a merge')
    .argument('<key>', 'the merged theme')
    .option(...workspaceOption)
    .action(async (key: string, o: { workspace?: string }) => edit(key, { mergedInto: null }, o.workspace))
}
