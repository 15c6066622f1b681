/** A parameterized SQL statement: text with $n placeholders, and the values for them. */
export class Sql {
  constructor(
    readonly strings: readonly string[],
    readonly params: readonly unknown[],
  ) {}

  /** The statement with $1…$n placeholders; nested fragments are spliced in and renumbered. */
  get text(): string {
    return this.render([])
  }

  get values(): unknown[] {
    const out: unknown[] = []
    this.render(out)
    return out
  }

  private render(out: unknown[]): string {
    let text = this.strings[0] ?? ''
    this.params.forEach((value, i) => {
      if (value instanceof Sql) text += value.render(out)
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
