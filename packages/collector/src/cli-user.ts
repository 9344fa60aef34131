import { normalEmail } from './domain/dashboard.js';
import { hashPassword } from './http/dashboard/password.js';
import { openStore } from './store/open.js';

export const USER_HELP = `firstwin-collector user — people who sign in to the dashboard at /dashboard

Usage:
  firstwin-collector user create EMAIL --project NAME_OR_ID [--db ./firstwin.db]
  firstwin-collector user delete EMAIL [--db ./firstwin.db]

create reads the password from standard input (typed at a prompt, or piped:
  printf '%s\\n' "$PASSWORD" | firstwin-collector user create ana@example.com --project acme)
and makes a user who sees that project's accounts and webhooks, and only those.
delete removes the user and signs them out everywhere.

Options:
  --project NAME_OR_ID  the project's id, or its name if no other project has it
  --db PATH|URL         SQLite file or postgres://… URL                [./firstwin.db]
  -h, --help            this help`;

export const MIN_PASSWORD = 10;

/** The first line of standard input; at a terminal, asked for without echoing it. */
async function readPassword(): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    let text = '';
    for await (const chunk of input) text += chunk;
    return text.split(/\r?\n/)[0] ?? '';
  }
  process.stderr.write('Password: ');
  // Raw mode: the terminal does not echo what is typed.
  input.setRawMode(true);
  input.setEncoding('utf8');
  let line = '';
  for await (const chunk of input as AsyncIterable<string>) {
    for (const ch of chunk) {
      if (ch === '\u0003') process.exit(130); // Ctrl-C
      if (ch === '\r' || ch === '\n') {
        input.setRawMode(false);
        input.pause();
        process.stderr.write('\n');
        return line;
      }
      line = ch === '\u007f' ? line.slice(0, -1) : line + ch;
    }
  }
  return line;
}

/** `user create` and `user delete`; answers the line to print, or throws with what to fix. */
export async function userCommand(
  sub: string | undefined,
  rawEmail: string | undefined,
  o: { db: string; project?: string },
  password: () => Promise<string> = readPassword,
): Promise<string> {
  if (sub !== 'create' && sub !== 'delete')
    throw new Error(sub ? `unknown subcommand "user ${sub}"` : 'user needs a subcommand: create or delete');
  const email = normalEmail(rawEmail ?? '');
  if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254) throw new Error(`user ${sub} needs an EMAIL, not "${rawEmail ?? ''}"`);
  if (sub === 'create' && !o.project) throw new Error('user create needs --project NAME_OR_ID');
  const typed = sub === 'create' ? await password() : '';
  if (sub === 'create' && typed.length < MIN_PASSWORD)
    throw new Error(`the password (the first line of standard input) must be at least ${MIN_PASSWORD} characters`);
  const store = await openStore(o.db);
  try {
    if (sub === 'delete') {
      if (!(await store.deleteDashboardUser(email))) throw new Error(`no dashboard user "${email}"`);
      return `deleted ${email} and ended their sessions`;
    }
    const project = await store.findProjectRef(o.project!);
    if (project === 'ambiguous') throw new Error(`several projects are named "${o.project}": give the project's id`);
    if (!project) throw new Error(`no project "${o.project}" (by id or name) in ${o.db}`);
    const made = await store.createDashboardUser({ email, projectId: project.id, passwordHash: await hashPassword(typed) });
    if (made === 'taken') throw new Error(`a dashboard user "${email}" exists already; delete it first to change its project or password`);
    return `created ${email} for project "${project.name}" (${project.id}); sign in at /dashboard`;
  } finally {
    await store.close();
  }
}
