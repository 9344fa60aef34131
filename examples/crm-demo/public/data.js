// Seed data of the demo account: its open deals, customers and reps.
export const STAGES = ['Discovery', 'Qualified', 'Proposal', 'Negotiation', 'Won'];

export const deals = [
  ['d0', 'Northwind renewal', 'Proposal', 10],
  ['d1', 'Globex expansion', 'Qualified', 47],
  ['d2', 'Initech pilot', 'Discovery', 84],
  ['d3', 'Umbrella fleet', 'Negotiation', 31],
  ['d4', 'Stark freight', 'Qualified', 68],
  ['d5', 'Wayne logistics', 'Discovery', 15],
  ['d6', 'Hooli warehouses', 'Proposal', 52],
  ['d7', 'Vandelay imports', 'Discovery', 89],
  ['d8', 'Soylent cold chain', 'Qualified', 36],
  ['d9', 'Tyrell parts', 'Proposal', 73],
  ['d10', 'Cyberdyne depots', 'Discovery', 20],
  ['d11', 'Wonka deliveries', 'Negotiation', 57],
  ['d12', 'Acme internal', 'Qualified', 94],
  ['d13', 'Oscorp lanes', 'Discovery', 41],
].map(([id, name, stage, valueK]) => ({ id, name, stage, valueK }));

/** The deal whose Advance button the end-user's guide points at: far enough down to need a scroll. */
export const GUIDED_DEAL = 'd10';

export const customers = ['Northwind', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Hooli'];

export const reps = ['Eli Rep', 'Eva Rep', 'Noor Patel', 'Tomás Ruiz'];
