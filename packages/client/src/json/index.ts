export { JsonParseError } from './json-parse-error.js'
export type { JsonPath, JsonValue } from './json-value.js'
export type { PartialJsonOptions } from './partial-json-options.js'
export { PartialJsonParser, parsePartialJson } from './partial-json-parser.js'
