/** A parameterized SQL statement: text with $n placeholders, and the values for them. */
export class Sql {
  constructor(
    readonly strings: readonly string[],
    readonly params: readonly unknown[],
    /** See prepared(). */
    readonly isPrepared = false,
  ) {}

  /**
   * The same statement, which the PostgreSQL driver prepares once per connection and then runs by name: for hot
   * statements whose parsing and planning cost more than running them. Only for a bounded set of texts.
   */
  prepared(): Sql {
    return new Sql(this.strings, this.params, true)
  }

  /** The statement with $1…$n placeholders; nested fragments are spliced in and renumbered. */
  get text(): string {
    return this.render([])
  }

  get values(): unknown[] {
    const out: unknown[] = []
    this.render(out)
    return out
  }

  /** The text and the values in one walk over the fragments (text and values each walk them all). */
  get textAndValues(): { text: string; values: unknown[] } {
    const values: unknown[] = []
    return { text: this.render(values), values }
  }

  /**
   * The statement with its values written in as literals, for a statement that takes no parameters (COPY).
   * Only null, booleans, finite numbers and strings can be written so.
   */
  get inlined(): string {
    return this.render(null)
  }

  private render(out: unknown[] | null): string {
    let text = this.strings[0] ?? ''
    this.params.forEach((value, i) => {
      if (value instanceof Sql) text += value.render(out)
      else if (out === null) text += literal(value)
      else {
        out.push(value)
        text += `$${out.length}`
      }
      text += this.strings[i + 1] ?? ''
    })
    return text
  }
}

/**
 * Tagged template for parameterized SQL: interpolated values become parameters,
 * interpolated `sql` fragments are spliced in.
 * @example db.query(sql`select * from customers where workspace_id = ${ws} and id = ${id}`)
 */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  return new Sql([...strings], values)
}

/** Joins fragments with a separator, e.g. `sql.join(conditions, ' and ')`. */
sql.join = (parts: readonly Sql[], separator: string): Sql => {
  if (parts.length === 0) return new Sql([''], [])
  return new Sql(['', ...parts.slice(1).map(() => separator), ''], parts)
}

/** Trusted SQL text with no parameters (identifiers, keywords); never user input. */
sql.raw = (text: string): Sql => new Sql([text], [])

sql.empty = new Sql([''], [])

function literal(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'boolean') return String(value)
  if (typeof value === 'number' && Number.isFinite(value)) return `(${value})`
  // A string literal stays untyped, as a parameter is, and takes the type its place gives it.
  if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'`
  throw new Error(`cannot write ${typeof value} ${String(value)} into SQL as a literal`)
}
