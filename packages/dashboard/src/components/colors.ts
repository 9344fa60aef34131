// Chart colours: canvas cannot read CSS custom properties cheaply, so they live here,
// chosen to keep 3:1 contrast on white as lines and marks need.
export const COLORS = {
  activated: '#1d6fd8',
  activatedFill: 'rgba(29, 111, 216, 0.12)',
  pace: '#8a5a00',
  bar: 'rgba(29, 111, 216, 0.55)',
  barStroke: '#1d6fd8',
  target: '#b3261e',
  mark: '#5f6368',
  today: '#137333',
};
