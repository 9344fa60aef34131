// Small helpers the bench scripts share.
import autocannon from 'autocannon';
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Peak resident memory of a process, from the kernel (Linux). */
export const peakRssMb = (pid) => {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
};

const TICK_US = 1e6 / (Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100);

/** CPU time (µs, user + system) each thread of a process has used so far, from the kernel (Linux). */
function threadCpuUs(pid) {
  const used = new Map();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let stat;
    try {
      stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    } catch {
      continue; // a thread that ended between the listing and the reading
    }
    // utime and stime are fields 14 and 15; the name before them may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    used.set(Number(tid), (Number(fields[11]) + Number(fields[12])) * TICK_US);
  }
  return used;
}

/**
 * The CPU `work()` costs: the server's main thread (its thread id is its process id),
 * its other threads together (worker threads, GC, libuv), and this process (the load
 * generator), in µs.
 */
export async function cpuDuring(pid, work) {
  const before = threadCpuUs(pid);
  const self = process.cpuUsage();
  const result = await work();
  const mine = process.cpuUsage(self);
  let main = 0;
  let others = 0;
  for (const [tid, us] of threadCpuUs(pid)) {
    const spent = us - (before.get(tid) ?? 0);
    if (tid === pid) main = spent;
    else others += spent;
  }
  return { result, cpu: { main, others, loadGenerator: mine.user + mine.system } };
}

/** Starts a Node script that prints `listening on http://…`; resolves with its URL and what it printed before. */
export function startServer(args, env = {}) {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    const timer = setTimeout(() => fail(new Error(`${args.join(' ')} did not start`)), 15_000);
    let printed = '';
    child.stdout.on('data', (d) => {
      printed += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(printed);
      if (m) {
        clearTimeout(timer);
        ok({ child, url: m[1], before: printed.slice(0, m.index) });
      }
    });
  });
}

export const stop = (child) => new Promise((ok) => (child.exitCode !== null ? ok() : (child.once('exit', ok), child.kill('SIGTERM'))));

/** The collector measured: this checkout's build, or another's (FIRSTWIN_BENCH_CLI) for an A/B. */
const cli = process.env.FIRSTWIN_BENCH_CLI || fileURLToPath(new URL('../packages/collector/dist/cli.js', import.meta.url));

/**
 * A collector process on a fresh database (a SQLite file in `dir`, or a schema of its
 * own on the PostgreSQL at `pg`), with a project and the demo's checklists.
 */
export async function collector(dir, name, pg) {
  const db = pg ? `${pg}?schema=bench_${name}_${Date.now()}` : join(dir, `${name}.db`);
  const keys = JSON.parse(spawnSync(process.execPath, [cli, 'project', 'create', 'bench', '--db', db], { encoding: 'utf8' }).stdout);
  // BENCH_PROFILE_DIR: the collector writes a V8 CPU profile per thread there when it stops.
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE_DIR] : [];
  const server = await startServer([...profile, cli, 'serve', '--db', db, '--port', '0', '--rate-limit', '100000000']);
  const checklists = (await import('../examples/crm-demo/checklists.json', { with: { type: 'json' } })).default;
  await fetch(`${server.url}/v1/checklists`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${keys.secretKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(checklists),
  });
  return { ...server, keys, checklists };
}

/** autocannon from this process: `body()` makes each POST body, `path()` each GET path. */
export function load(url, path, { body, duration = 8, headers = {}, connections = 10 } = {}) {
  return new Promise((ok, fail) => {
    autocannon(
      {
        url: `${url}${typeof path === 'string' ? path : ''}`,
        connections,
        duration,
        method: body ? 'POST' : 'GET',
        headers: { 'content-type': 'application/json', ...headers },
        requests: [
          { setupRequest: (req) => ({ ...req, ...(body && { body: body() }), ...(typeof path === 'function' && { path: path() }) }) },
        ],
      },
      (err, r) => (err ? fail(err) : ok(r)),
    );
  });
}
