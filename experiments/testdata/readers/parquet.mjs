// Reads a Parquet file with hyparquet, an independent reader, and prints
// its columns (name, type, repetition) and rows as JSON: null for a null,
// a JSON number for a double, a string for an integer (exact, even above
// 2^53) or a text. Usage: node parquet.mjs FILE
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead } from 'hyparquet'

const file = await asyncBufferFromFile(process.argv[2])
const metadata = await parquetMetadataAsync(file)
const columns = metadata.schema.slice(1).map(el => {
  let type = el.type
  if (el.converted_type === 'UTF8' || el.logical_type?.type === 'STRING') type = 'STRING'
  else if (el.logical_type?.type === 'INTEGER' && !el.logical_type.isSigned) type = 'UINT' + el.logical_type.bitWidth
  return { name: el.name, type, repetition: el.repetition_type }
})
let rows = []
await parquetRead({ file, metadata, utf8: true, onComplete: data => { rows = data } })
const cell = v => {
  if (v === null || v === undefined) return null
  if (typeof v === 'bigint') return v.toString()
  if (typeof v === 'number' && !Number.isFinite(v)) return 'non-finite ' + String(v)
  return v
}
process.stdout.write(JSON.stringify({ columns, rows: rows.map(r => r.map(cell)) }))
