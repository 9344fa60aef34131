import type { Activations } from '../activations.js';
import { DAY_MS, statusOf, type PaceTarget, type Status } from '../status.js';
import { checkpointsOf, type Checkpoints } from './checkpoints.js';
import { healthOf, seatPaceOf, type Health } from './health.js';

/** What an account's summary computes its clock-driven parts from: all of it fixed between events. */
export interface Standing {
  /** The seat activation rate. */
  rate: number;
  /** People known in the account. */
  users: number;
  /** The rate's denominator: provisioned seats, else the people known. */
  seats: number;
  /** When its clock starts (epoch ms): its signature, else its first event. */
  start: number;
  milestones: number;
  sponsor: number;
  activations: Activations;
}

/** The parts of a summary that move with the clock alone, and come last in it. */
export interface Clocked {
  status: Status;
  health: Health;
  checkpoints: Checkpoints;
}

export function clocked(s: Standing, now: number, target: PaceTarget | null): Clocked {
  const day = (now - s.start) / DAY_MS;
  return {
    status: statusOf(s.rate, s.users, day, target),
    health: healthOf(seatPaceOf(s.rate, day, target), s.milestones, s.sponsor),
    checkpoints: checkpointsOf(s.activations, s.seats, s.start, now),
  };
}
