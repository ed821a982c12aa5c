/** The shape of a schema-text module: per api key, the request and/or response layout text. */
export type SchemaTexts = Readonly<Record<number, { request?: string; response?: string }>>;
