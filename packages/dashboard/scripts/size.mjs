// The dashboard's script against its budget, after every build: over it, the build fails.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET = 60 * 1024;
const size = gzipSync(readFileSync(new URL('../dist/dashboard.js', import.meta.url)), { level: 9 }).length;
console.log(`dashboard.js: ${(size / 1024).toFixed(1)} kB gzip (budget ${BUDGET / 1024} kB: ${size <= BUDGET ? 'within' : 'OVER'})`);
if (size > BUDGET) process.exit(1);
