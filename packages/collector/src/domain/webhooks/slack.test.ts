import { describe, expect, it } from 'vitest';
import type { ActivationSummary } from '../summary.js';
import { bodyOf } from './body.js';
import type { SignalEvent } from './events.js';
import { slackText } from './slack.js';

const summary = (o: Partial<ActivationSummary>): ActivationSummary => ({
  accountId: 'acme',
  name: 'Acme Logistics',
  seats: 40,
  seatsKnown: true,
  activatedSeats: 2,
  seatActivationRate: 0.05,
  byRole: {},
  signedAt: null,
  firstValueAt: null,
  timeToFirstValueDays: null,
  lastActivityAt: null,
  items: [],
  status: 'at_risk',
  health: { score: 10, seatPace: 0.2, milestones: 0, sponsor: 0 },
  checkpoints: { d30: null, d60: null, d90: null },
  ...o,
});
const changed = (from: string, to: string, o: Partial<ActivationSummary> = {}, name: string | null = 'Acme Logistics'): SignalEvent => ({
  type: 'account.status_changed',
  timestamp: 0,
  data: { accountId: 'acme', name, from: from as never, to: to as never, day: 12, pace: (0.7 * 12) / 60, summary: summary(o) },
});

describe('slackText', () => {
  it('says a status change as a sentence a person reads', () => {
    expect(slackText(changed('on_track', 'at_risk'))).toBe(
      'Acme Logistics is at risk: 2 of 40 seats active on day 12; the pace asks for 6.',
    );
    expect(slackText(changed('at_risk', 'on_track', { activatedSeats: 6 }))).toBe(
      'Acme Logistics is back on track: 6 of 40 seats active on day 12; the pace asks for 6.',
    );
    expect(slackText(changed('on_track', 'activated', { activatedSeats: 28 }))).toBe(
      'Acme Logistics reached its activation target: 28 of 40 seats active on day 12.',
    );
    expect(slackText(changed('no_data', 'on_track', { seats: 3, seatsKnown: false, activatedSeats: 0 }, null))).toBe(
      'acme is on track: 0 of 3 known people active on day 12; the pace asks for 1.',
    );
  });

  it('says first value and activations with who and when', () => {
    expect(
      slackText({
        type: 'account.first_value',
        timestamp: 0,
        data: {
          accountId: 'acme',
          name: 'Acme',
          userId: 'eli',
          role: 'end_user',
          firstValueAt: '',
          timeToFirstValueDays: 3.5,
          signedAt: 'x',
        },
      }),
    ).toBe('Acme reached first value: eli (end_user) activated, 3.5 days after signing.');
    expect(
      slackText({
        type: 'user.activated',
        timestamp: 0,
        data: {
          userId: 'eli',
          role: 'end_user',
          accountId: 'acme',
          name: 'Acme',
          activatedAt: '',
          activatedSeats: 3,
          seats: 40,
        },
      }),
    ).toBe('eli (end_user) activated at Acme: 3 of 40 seats active now.');
  });

  it('cannot mention a channel or disguise a link through a name', () => {
    const text = slackText(changed('on_track', 'at_risk', {}, '<!channel> <https://evil.example|Acme> & co'));
    expect(text).not.toMatch(/[<>]/);
    expect(text.startsWith('&lt;!channel&gt; &lt;https://evil.example|Acme&gt; &amp; co is at risk')).toBe(true);
  });

  it('gives a Slack body as {text} and the standard one as the Standard Webhooks envelope', () => {
    const e = changed('on_track', 'at_risk');
    expect(JSON.parse(bodyOf(e, 'slack'))).toEqual({ text: slackText(e) });
    expect(JSON.parse(bodyOf(e, 'standard'))).toEqual({
      type: 'account.status_changed',
      timestamp: '1970-01-01T00:00:00.000Z',
      data: e.data,
    });
  });
});
