import type { PaceTarget } from './status.js';

/** A person who signs in to the dashboard: one project's, by email (unique across projects). */
export interface DashboardUser {
  id: string;
  email: string;
  projectId: string;
  /** `scrypt$N$r$p$salt$hash` (see `http/dashboard/password.ts`). */
  passwordHash: string;
}

/** A signed-in session as each request finds it: who, and the project whose secret-key reads it may make. */
export interface DashboardSession {
  userId: string;
  email: string;
  project: { id: string; name: string; userHashSecret: string | null; activationTarget: PaceTarget | null };
}

/** What sign-in, sessions and `firstwin-collector user` need of storage. */
export interface DashboardStorage {
  /** A project by its id, or by its name when one project alone has it. */
  findProjectRef(nameOrId: string): Promise<{ id: string; name: string } | 'ambiguous' | undefined>;
  /** `taken` when a dashboard user already has this email. */
  createDashboardUser(user: Omit<DashboardUser, 'id'>): Promise<'created' | 'taken'>;
  /** Removes the user and every session of theirs; false when there was none. */
  deleteDashboardUser(email: string): Promise<boolean>;
  dashboardUser(email: string): Promise<DashboardUser | undefined>;
  /** Keeps a session (by its token's hash only), and drops every session past its time. */
  createSession(session: { tokenHash: string; userId: string; expiresAt: number }, now: number): Promise<void>;
  /** The session of this token hash, unless it ran out by `now` or its user was deleted. */
  dashboardSession(tokenHash: string, now: number): Promise<DashboardSession | undefined>;
  deleteSession(tokenHash: string): Promise<void>;
}

/** Emails compare as people mean them: `Ana@Example.com ` is `ana@example.com`. */
export const normalEmail = (email: string) => email.trim().toLowerCase();
