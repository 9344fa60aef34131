import pg from 'pg';
import { migratePostgres } from './migrations.js';

/** A pool on the database `url` names, its schema brought up to date. `?schema=NAME` in the URL selects (and creates) a schema. */
export async function openPool(url: string): Promise<pg.Pool> {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  parsed.searchParams.delete('schema');
  if (schema && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name "${schema}"`);
  const pool = new pg.Pool({ connectionString: parsed.toString(), max: 10, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
  if (schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  await migratePostgres(pool);
  return pool;
}
