/** A value `JSON.parse` can return. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue }

/** An object as `JSON.parse` returns it. */
export type JsonObject = { [key: string]: JsonValue }

/** Where a value sits in a document: object keys and array indexes, from the root. */
export type JsonPath = readonly (string | number)[]
