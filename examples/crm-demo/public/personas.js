// The demo's customer account and its people: an admin, two end-users and a sponsor.
export const account = { id: 'acme', name: 'Acme Logistics', seats: 10, signedAt: '2026-11-10T00:00:00.000Z' };

export const personas = [
  { id: 'ana', name: 'Ana Admin', role: 'admin', label: 'admin' },
  { id: 'eli', name: 'Eli Rep', role: 'end_user', label: 'sales rep' },
  { id: 'eva', name: 'Eva Rep', role: 'end_user', label: 'sales rep' },
  { id: 'sam', name: 'Sam Sponsor', role: 'sponsor', label: 'VP Sales, sponsor' },
];
