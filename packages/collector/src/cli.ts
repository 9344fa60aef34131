#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { USER_HELP, userCommand } from './cli-user.js';
import { createCollector } from './index.js';
import { openStore, shownDb } from './store/open.js';

const HELP = {
  main: `firstwin-collector — activation events in, seat activation per account out

Usage:
  firstwin-collector serve [--db ./firstwin.db | postgres://…] [--port 8787] [--host 127.0.0.1]
  firstwin-collector project create NAME [--db ./firstwin.db]
  firstwin-collector user create EMAIL --project NAME_OR_ID [--db …]   (password on stdin)
  firstwin-collector user delete EMAIL [--db …]

Run a command with --help for its options.`,
  serve: `firstwin-collector serve — run the HTTP API

Options:
  --db PATH|URL      SQLite file (created if missing; WAL mode),
                     or postgres://user:pass@host:5432/db[?schema=NAME]   [./firstwin.db]
  --port N           port to listen on                              [8787]
  --host ADDR        address to bind                                [127.0.0.1]
  --rate-limit N     requests per 10 s before 429: of the publishable key
                     from one client address, of the secret key per project  [600]
  --project-rate-limit N  the publishable key's requests per 10 s from all
                     client addresses of a project together           [20 × --rate-limit]
  --trust-proxy      behind a load balancer: read the client's address
                     from X-Forwarded-For (only if the balancer sets it)
  --log              log every request as JSON lines
  -h, --help         this help`,
  user: USER_HELP,
  project: `firstwin-collector project create NAME — create a project and print its keys

Prints one JSON line: {"projectId","publishableKey","secretKey"}. The secret key is
stored hashed and cannot be shown again: keep it.

Options:
  --db PATH|URL      SQLite file or postgres://… URL                [./firstwin.db]
  -h, --help         this help`,
};

function fail(message: string, help: string): never {
  process.stderr.write(`error: ${message}\n\n${help}\n`);
  process.exit(2);
}

async function main(argv: string[]): Promise<void> {
  const command = argv[0];
  const options = {
    db: { type: 'string', default: './firstwin.db' },
    port: { type: 'string', default: '8787' },
    host: { type: 'string', default: '127.0.0.1' },
    'rate-limit': { type: 'string', default: '600' },
    'project-rate-limit': { type: 'string' },
    'trust-proxy': { type: 'boolean', default: false },
    log: { type: 'boolean', default: false },
    project: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  } as const;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${HELP.main}\n`);
    return;
  }
  if (command === 'serve') {
    let args;
    try {
      args = parseArgs({ args: argv.slice(1), options, allowPositionals: false }).values;
    } catch (err) {
      fail((err as Error).message, HELP.serve);
    }
    if (args.help) return void process.stdout.write(`${HELP.serve}\n`);
    const port = Number(args.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      fail(`--port must be a number from 0 to 65535, not "${args.port}"`, HELP.serve);
    const collector = await createCollector({
      db: args.db,
      rateLimit: Number(args['rate-limit']) || 600,
      projectRateLimit: Number(args['project-rate-limit']) || undefined,
      trustProxy: args['trust-proxy'],
      logger: args.log,
      onRecompute: (line) => process.stdout.write(`${line}\n`),
    });
    const address = await collector.app.listen({ port, host: args.host });
    process.stdout.write(`firstwin-collector listening on ${address} (db: ${shownDb(args.db)})\n`);
    const stop = (signal: string) => {
      process.stdout.write(`${signal}: finishing in-flight requests, then closing the database\n`);
      collector.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
    return;
  }
  if (command === 'project') {
    let parsed;
    try {
      parsed = parseArgs({ args: argv.slice(1), options, allowPositionals: true });
    } catch (err) {
      fail((err as Error).message, HELP.project);
    }
    if (parsed.values.help) return void process.stdout.write(`${HELP.project}\n`);
    const [sub, name] = parsed.positionals;
    if (sub !== 'create') fail(sub ? `unknown subcommand "project ${sub}"` : 'project needs a subcommand: create', HELP.project);
    if (!name?.trim()) fail('project create needs a NAME', HELP.project);
    const store = await openStore(parsed.values.db);
    const keys = await store.createProject(name);
    await store.close();
    process.stdout.write(`${JSON.stringify(keys)}\n`);
    return;
  }
  if (command === 'user') {
    let parsed;
    try {
      parsed = parseArgs({ args: argv.slice(1), options, allowPositionals: true });
    } catch (err) {
      fail((err as Error).message, HELP.user);
    }
    if (parsed.values.help) return void process.stdout.write(`${HELP.user}\n`);
    const [sub, email] = parsed.positionals;
    let line: string;
    try {
      line = await userCommand(sub, email, { db: parsed.values.db, project: parsed.values.project });
    } catch (err) {
      fail((err as Error).message, HELP.user);
    }
    process.stdout.write(`${line}\n`);
    return;
  }
  fail(`unknown command "${command}"`, HELP.main);
}

main(process.argv.slice(2)).catch((err: Error) => {
  process.stderr.write(`error: ${err.message}\n`);
  process.exit(1);
});
