import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkboxes, checklists, openPage, openPanel, shown, signIn, startStack, type Stack } from '../harness.js';

let stack: Stack;
beforeAll(async () => void (stack = await startStack()));
afterAll(async () => stack?.close());

const DAY = 86_400_000;
const titlesOf = (role: string) =>
  (checklists as Array<{ role: string; items: Array<{ title: string }> }>).find((c) => c.role === role)!.items.map((i) => i.title);

describe('the demo CRM with the SDK in real Chromium', () => {
  it('shows each role only its own checklist', async () => {
    for (const [persona, role, title] of [
      ['ana', 'admin', 'Set up Pipeline CRM for your team'],
      ['eli', 'end_user', 'Your first win'],
      ['sam', 'sponsor', "See your team's progress"],
    ] as const) {
      const context = await stack.browser.newContext();
      const { page, problems } = await openPage(context, stack.appUrl);
      await signIn(page, persona);
      // An unfinished checklist opens by itself as the person arrives.
      const dialog = page.getByRole('dialog', { name: title });
      await dialog.waitFor();
      await expect(dialog.isVisible()).resolves.toBe(true);
      expect(Object.keys(await checkboxes(page))).toEqual(titlesOf(role));
      await expect(page.locator('firstwin-app .progress').textContent()).resolves.toBe(`0 of ${titlesOf(role).length}`);
      expect(problems).toEqual([]);
      await context.close();
    }
  });

  it("is styled by firstwin.css from beside firstwin.js, shows nothing before it applies, and reports through on('error') when it cannot load", async () => {
    const context = await stack.browser.newContext();
    let offline = true;
    const fetched: string[] = [];
    await context.route(
      '**/firstwin.css',
      (route) => (fetched.push(route.request().url()), offline ? route.abort('internetdisconnected') : route.continue()),
    );
    const { page, problems } = await openPage(context, stack.appUrl);
    await page.evaluate(() => {
      (window as any).errors = [];
      (window as any).Firstwin.on('error', (e: unknown) => (window as any).errors.push(e));
    });
    await page.selectOption('#persona', 'eli');
    await expect.poll(() => page.evaluate(() => (window as any).errors.map((e: any) => e.kind))).toContain('ui');
    expect(await shown(page).count()).toBe(0); // no unstyled panel or launcher
    offline = false;
    await page.evaluate(() => (window as any).Firstwin.open()); // the next open tries again
    const panel = page.getByRole('dialog', { name: 'Your first win' });
    await panel.waitFor();
    expect(new Set(fetched)).toEqual(new Set([`${stack.appUrl}/firstwin.css`]));
    expect(await panel.evaluate((el) => getComputedStyle(el).position)).toBe('fixed');
    // Themeable: a custom property set on the host reaches the linked stylesheet's rules.
    const bar = page.locator('firstwin-app .bar > i');
    await page.evaluate(() => document.querySelector<HTMLElement>('firstwin-app')!.style.setProperty('--firstwin-accent', 'rgb(1, 2, 3)'));
    expect(await bar.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(1, 2, 3)');
    expect(problems).toEqual([]); // the page never saw an exception
    await context.close();
  });

  it('completes items through real clicks in the app, keeps them across a reload and on a second device', async () => {
    const context = await stack.browser.newContext();
    const { page, problems } = await openPage(context, `${stack.appUrl}/interactions.html`);
    await signIn(page, 'eli');
    await page.click('#log-interaction');
    await page.goto(`${stack.appUrl}/deals.html`);
    await shown(page).waitFor();
    await page
      .getByRole('row', { name: /Globex/ })
      .getByRole('button', { name: 'Back' })
      .click();
    await page.click('#advance-deal');
    await openPanel(page);
    expect(await checkboxes(page)).toEqual({
      'Log your first customer interaction': true,
      'Move a deal forward': true,
      'Watch the 2-minute intro': false,
      "Your team's pipeline is set up": false,
    });
    // Event-driven items are read-only: clicking does not undo them or complete others.
    const readonly = page.getByRole('checkbox', { name: "Your team's pipeline is set up" });
    expect(await readonly.getAttribute('aria-readonly')).toBe('true');
    await readonly.click();
    expect(await readonly.isChecked()).toBe(false);
    expect(await page.evaluate(() => (window as any).Firstwin.progress().activated)).toBe(true);

    await page.reload();
    await expect.poll(() => page.locator('firstwin-app .progress').textContent()).toBe('2 of 4');
    await page.evaluate(() => (window as any).Firstwin.flush());

    // Another browser (no shared storage) for the same person: progress comes from the collector.
    const other = await stack.browser.newContext();
    const second = await openPage(other, stack.appUrl);
    await signIn(second.page, 'eli');
    await second.page.waitForFunction(() => (window as any).Firstwin.progress().items.filter((i: any) => i.done).length === 2, null, {
      timeout: 10_000,
    });
    await openPanel(second.page);
    expect((await checkboxes(second.page))['Move a deal forward']).toBe(true);
    expect([...problems, ...second.problems]).toEqual([]);
    await other.close();
    await context.close();
  });

  it('works by keyboard alone', async () => {
    const context = await stack.browser.newContext();
    const { page } = await openPage(context, stack.appUrl);
    await signIn(page, 'eva');
    const focused = () =>
      page.evaluate(() => {
        const inner = document.activeElement?.shadowRoot?.activeElement ?? document.activeElement;
        return inner
          ? `${inner.tagName.toLowerCase()}.${inner.className}|${(inner as HTMLInputElement).labels?.[0]?.textContent ?? inner.textContent ?? ''}`
          : '';
      });
    // The panel opened by itself, leaving focus on the page; Escape there closes it.
    await page.getByRole('dialog').waitFor();
    expect(await focused()).not.toMatch(/^h2\./);
    await page.keyboard.press('Escape');
    expect(await page.getByRole('dialog').count()).toBe(0);
    let steps = 0;
    while (!(await focused()).startsWith('button.launcher') && steps++ < 40) await page.keyboard.press('Tab');
    expect(await focused()).toMatch(/^button\.launcher/);
    await page.keyboard.press('Enter');
    expect(await focused()).toMatch(/^h2\./);
    steps = 0;
    while (!(await focused()).endsWith('Watch the 2-minute intro') && steps++ < 20) await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    expect(await page.getByRole('checkbox', { name: 'Watch the 2-minute intro' }).isChecked()).toBe(true);
    expect(await page.evaluate(() => (window as any).Firstwin.progress().items.find((i: any) => i.id === 'watch-intro').done)).toBe(true);
    await page.keyboard.press('Escape');
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await focused()).toMatch(/^button\.launcher/);
    // Open again, then back on the page: Escape pressed there closes the panel too.
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    await page.focus('#persona');
    await page.keyboard.press('Escape');
    expect(await page.getByRole('dialog').count()).toBe(0);
    await page.evaluate(() => (window as any).Firstwin.flush());
    await context.close();
  });

  it('forgets the person on sign-out and shows the next persona their own checklist, on every page', async () => {
    const context = await stack.browser.newContext();
    const { page, problems } = await openPage(context, stack.appUrl);
    await signIn(page, 'eva');
    await openPanel(page);
    await page.getByRole('dialog', { name: 'Your first win' }).waitFor();
    await page.selectOption('#persona', '');
    await expect.poll(() => shown(page).count(), { timeout: 5000 }).toBe(0);
    expect(await page.evaluate(() => (window as any).Firstwin.progress())).toMatchObject({
      checklistId: null,
      items: [],
      activated: false,
    });
    await signIn(page, 'sam');
    await page.goto(`${stack.appUrl}/deals.html`);
    // Remembered across pages without choosing again.
    await openPanel(page);
    await page.getByRole('dialog', { name: "See your team's progress" }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('reports the right seat activation, per role, through the activation API', async () => {
    const context = await stack.browser.newContext();
    const { page } = await openPage(context, `${stack.appUrl}/settings.html`);
    await signIn(page, 'ana');
    await page.click('#create-pipeline');
    await page.click('#assign-rep');
    await page.click('#assign-rep');
    await page.click('#publish-dashboard');
    expect(await page.evaluate(() => (window as any).Firstwin.progress().activated)).toBe(true);
    await page.evaluate(() => (window as any).Firstwin.flush());
    await page.goto(`${stack.appUrl}/review.html`);
    await signIn(page, 'sam');
    await page.click('#open-coverage');
    await page.evaluate(() => (window as any).Firstwin.flush());

    const { status, body } = await stack.api('/v1/accounts/acme/activation');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      accountId: 'acme',
      seats: 10,
      seatsKnown: true,
      activatedSeats: 3,
      seatActivationRate: 0.3,
      byRole: {
        admin: { users: 1, activated: 1, rate: 1 },
        end_user: { users: 2, activated: 1, rate: 0.5 },
        sponsor: { users: 1, activated: 1, rate: 1 },
      },
      signedAt: '2026-11-10T00:00:00.000Z',
    });
    const day = (Date.now() - Date.parse('2026-11-10T00:00:00Z')) / DAY;
    const pace = (0.7 * Math.min(Math.max(day, 0), 60)) / 60;
    expect(body.status).toBe(day >= 7 && 0.3 < pace / 2 ? 'at_risk' : 'on_track');
    // The admin's pipeline completed the account-scoped item for both end-users.
    const team = body.items.find((i: { itemId: string }) => i.itemId === 'team-pipeline');
    expect(team.completedUsers).toBe(2);
    // Value came after the signature date: time to first value is that gap.
    expect(Date.parse(body.firstValueAt)).toBeGreaterThan(Date.parse(body.signedAt));
    expect(body.timeToFirstValueDays).toBeCloseTo((Date.parse(body.firstValueAt) - Date.parse(body.signedAt)) / DAY, 1);

    const users = await stack.api('/v1/accounts/acme/users');
    expect(users.status).toBe(200);
    expect(JSON.stringify(users.body)).toMatch(/"sam"/);
    // Account data is for the vendor's servers only: the browser's key cannot read it.
    const withPk = await fetch(`${stack.endpoint}/v1/accounts/acme/activation`, {
      headers: { authorization: `Bearer ${stack.keys.publishableKey}` },
    });
    expect(withPk.status).toBe(401);
    await context.close();
  });

  it("shows an account-scoped item done on every end-user's checklist once the admin did it", async () => {
    const admin = await stack.browser.newContext();
    const a = await openPage(admin, `${stack.appUrl}/settings.html`);
    await signIn(a.page, 'ana');
    await a.page.click('#create-pipeline');
    await a.page.evaluate(() => (window as any).Firstwin.flush());
    // Eva never created a pipeline; a fresh browser learns it from the collector.
    const rep = await stack.browser.newContext();
    const e = await openPage(rep, stack.appUrl);
    await signIn(e.page, 'eva');
    await openPanel(e.page);
    const item = e.page.getByRole('checkbox', { name: "Your team's pipeline is set up" });
    await expect.poll(() => item.isChecked(), { timeout: 10_000 }).toBe(true);
    expect((await checkboxes(e.page))['Log your first customer interaction']).toBe(false);
    // Someone the collector has never seen: it answers their first progress read before their
    // identify reaches it, and learns of the account only then.
    const newcomer = await stack.browser.newContext();
    const n = await openPage(newcomer, stack.appUrl);
    const newcomerId = `newcomer-${Date.now()}`;
    const token = await stack.tokenFor(newcomerId, 'end_user', 'acme');
    await n.page.evaluate(({ id, token }) => (window as any).Firstwin.identify(id, { role: 'end_user', accountId: 'acme', token }), {
      id: newcomerId,
      token,
    });
    const theirs = n.page.getByRole('checkbox', { name: "Your team's pipeline is set up" });
    await expect.poll(() => theirs.isChecked(), { timeout: 10_000 }).toBe(true);
    expect([...a.problems, ...e.problems, ...n.problems]).toEqual([]);
    await admin.close();
    await rep.close();
    await newcomer.close();
  });
});
