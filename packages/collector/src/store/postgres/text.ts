/**
 * PostgreSQL's text cannot hold U+0000 and fails the query that sends one; ingest refuses
 * such ids, so no stored key has one and a lookup of one finds nothing.
 */
export const storable = (key: string) => !key.includes('\0');
