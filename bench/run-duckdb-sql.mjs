// Runs a DuckDB SQL script on a file, as the DuckDB command line would: node bench/run-duckdb-sql.mjs SCRIPT FILE
// ({{file}} in the script stands for FILE). Plain JavaScript, so that nothing but node and DuckDB is timed.
import { readFileSync } from 'node:fs'
import { DuckDBInstance } from '@duckdb/node-api'

const [script, file] = process.argv.slice(2)
const connection = await (await DuckDBInstance.create(':memory:')).connect()
await connection.run(readFileSync(script, 'utf8').replaceAll('{{file}}', file.replaceAll("'", "''")))
