// The demo's customer account and its people: an admin, two end-users and a sponsor.
export const account = { id: 'acme', name: 'Acme Logistics', seats: 10, signedAt: '2026-11-10T00:00:00.000Z' };

export const personas = [
  { id: 'ana', name: 'Ana Admin', role: 'admin' },
  { id: 'eli', name: 'Eli Rep', role: 'end_user' },
  { id: 'eva', name: 'Eva Rep', role: 'end_user' },
  { id: 'sam', name: 'Sam Sponsor', role: 'sponsor' },
];
