import { percent, roleLabel } from '../lib/format.js';
import type { AccountSummary, Checklist } from '../types.js';

interface Props {
  account: AccountSummary;
  checklists: Checklist[] | null;
}

/**
 * Each role's checklist items in order, as a funnel: how many of that role's people
 * have done each. Titles come from the checklists; without them, the item ids.
 */
export function Funnel({ account, checklists }: Props) {
  const byChecklist = new Map<string, AccountSummary['items']>();
  for (const item of account.items) {
    const list = byChecklist.get(item.checklistId) ?? [];
    list.push(item);
    byChecklist.set(item.checklistId, list);
  }
  if (byChecklist.size === 0) return <p class="muted">No checklist defined for this project.</p>;
  return (
    <div class="funnels">
      {[...byChecklist].map(([checklistId, items]) => {
        const checklist = checklists?.find((c) => c.id === checklistId);
        const role = checklist?.role ?? null;
        const people = role === null ? 0 : (account.byRole[role]?.users ?? 0);
        const title = (itemId: string) => checklist?.items.find((i) => i.id === itemId)?.title ?? itemId;
        return (
          <section key={checklistId} class="funnel" aria-label={`Checklist ${checklist?.title ?? checklistId}`}>
            <h3>
              {role === null ? checklistId : roleLabel(role)}{' '}
              <span class="muted">
                · {checklist?.title ?? checklistId} · {people} {people === 1 ? 'person' : 'people'}
              </span>
            </h3>
            <ol>
              {items.map((i) => {
                const share = people > 0 ? Math.min(1, i.completedUsers / people) : 0;
                return (
                  <li key={i.itemId}>
                    <span class="funnel-title">{title(i.itemId)}</span>
                    <span class="funnel-bar" aria-hidden="true">
                      <span style={{ width: `${Math.round(share * 1000) / 10}%` }} />
                    </span>
                    <span class="funnel-n">
                      {i.completedUsers}
                      {people > 0 ? ` of ${people} (${percent(share)})` : ''}
                    </span>
                  </li>
                );
              })}
            </ol>
          </section>
        );
      })}
    </div>
  );
}
