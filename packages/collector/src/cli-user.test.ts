import { expect, it } from 'vitest';
import { userCommand } from './cli-user.js';
import { verifyPassword } from './http/dashboard/password.js';
import { openStore } from './store/open.js';
import { freshDb, tempDir } from './test-helpers.js';

const typed = (text: string) => async () => text;

it('creates a user of the project named or given by id, and deletes them with their sessions', async () => {
  const db = freshDb(tempDir('firstwin-cli-user-'), 'cli-user');
  const store = await openStore(db);
  const acme = await store.createProject('Acme');
  const twin = [await store.createProject('Twin'), await store.createProject('Twin')];
  await store.close();

  const password = typed('correct horse battery');
  expect(await userCommand('create', ' Ana@Example.COM', { db, project: 'Acme' }, password)).toMatch(
    /^created ana@example\.com for project "Acme"/,
  );
  await expect(userCommand('create', 'ana@example.com', { db, project: 'Acme' }, password)).rejects.toThrow(/exists already/);
  await expect(userCommand('create', 'bo@example.com', { db, project: 'Twin' }, password)).rejects.toThrow(
    /several projects are named "Twin"/,
  );
  expect(await userCommand('create', 'bo@example.com', { db, project: twin[1]!.projectId }, password)).toContain(twin[1]!.projectId);
  await expect(userCommand('create', 'cy@example.com', { db, project: 'Nope' }, password)).rejects.toThrow(/no project "Nope"/);
  await expect(userCommand('create', 'cy@example.com', { db, project: 'Acme' }, typed('short'))).rejects.toThrow(/at least 10 characters/);
  await expect(userCommand('create', 'not an email', { db, project: 'Acme' }, password)).rejects.toThrow(/needs an EMAIL/);
  await expect(userCommand('create', 'cy@example.com', { db }, password)).rejects.toThrow(/--project/);
  await expect(userCommand('rename', 'cy@example.com', { db }, password)).rejects.toThrow(/unknown subcommand "user rename"/);

  const check = await openStore(db);
  const ana = await check.dashboardUser('ana@example.com');
  expect(ana?.projectId).toBe(acme.projectId);
  expect(await verifyPassword('correct horse battery', ana!.passwordHash)).toBe(true);
  await check.createSession({ tokenHash: 'h'.repeat(64), userId: ana!.id, expiresAt: Date.now() + 60_000 }, Date.now());
  expect(await check.dashboardSession('h'.repeat(64), Date.now())).toMatchObject({
    email: 'ana@example.com',
    project: { id: acme.projectId },
  });
  await check.close();

  expect(await userCommand('delete', 'ANA@example.com', { db })).toBe('deleted ana@example.com and ended their sessions');
  await expect(userCommand('delete', 'ana@example.com', { db })).rejects.toThrow(/no dashboard user/);
  const after = await openStore(db);
  expect(await after.dashboardUser('ana@example.com')).toBeUndefined();
  expect(await after.dashboardSession('h'.repeat(64), Date.now())).toBeUndefined();
  await after.close();
});

it('lets a session run out at its time', async () => {
  const db = freshDb(tempDir('firstwin-cli-user-'), 'expiry');
  const store = await openStore(db);
  const { projectId } = await store.createProject('Acme');
  await store.createDashboardUser({ email: 'ana@example.com', projectId, passwordHash: 'x' });
  const ana = (await store.dashboardUser('ana@example.com'))!;
  await store.createSession({ tokenHash: 'a'.repeat(64), userId: ana.id, expiresAt: 2000 }, 1000);
  expect(await store.dashboardSession('a'.repeat(64), 1999)).toBeDefined();
  expect(await store.dashboardSession('a'.repeat(64), 2000)).toBeUndefined();
  // A later sign-in sweeps what has run out.
  await store.createSession({ tokenHash: 'b'.repeat(64), userId: ana.id, expiresAt: 9000 }, 3000);
  expect(await store.dashboardSession('a'.repeat(64), 0)).toBeUndefined();
  await store.close();
});
