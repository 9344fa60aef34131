import { STATUS_LABEL } from '../lib/format.js';
import type { Status } from '../types.js';

export const StatusBadge = ({ status }: { status: Status }) => (
  <span class={`badge badge-${status}`}>{STATUS_LABEL[status] ?? status}</span>
);
