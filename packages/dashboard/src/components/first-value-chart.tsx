import { useMemo } from 'preact/hooks';
import uPlot from 'uplot';
import { FIRST_VALUE_DAYS, FIRST_VALUE_TARGET_DAYS, firstValueBy } from '../lib/first-value.js';
import { percent } from '../lib/format.js';
import type { AccountSummary } from '../types.js';
import { Chart } from './chart.js';
import { marksPlugin } from './chart-marks.js';
import { COLORS } from './colors.js';

/** How many accounts reached first value by day 7, 14 and 30, against the 14-day target. */
export function FirstValueChart({ accounts }: { accounts: AccountSummary[] }) {
  const counts = useMemo(() => firstValueBy(accounts), [accounts]);
  const data = useMemo<uPlot.AlignedData>(() => [[...FIRST_VALUE_DAYS], counts], [counts]);
  const options = useMemo(
    () => ({
      legend: { show: false },
      cursor: { show: false },
      scales: {
        x: { time: false, range: [0, 33] as [number, number] },
        y: { range: [0, Math.max(1, accounts.length)] as [number, number] },
      },
      axes: [
        {
          label: 'days after signing',
          values: (_u: uPlot, ticks: number[]) => ticks.map((t) => `day ${t}`),
          splits: () => [...FIRST_VALUE_DAYS],
        },
        // Whole accounts: no 2.5 on the axis.
        { label: 'accounts', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000] },
      ],
      series: [
        {},
        {
          label: 'accounts with first value',
          fill: COLORS.bar,
          stroke: COLORS.barStroke,
          paths: uPlot.paths.bars!({ size: [0.6, 48] }),
          points: { show: false },
        },
      ],
      plugins: [marksPlugin([{ x: FIRST_VALUE_TARGET_DAYS, label: `target: day ${FIRST_VALUE_TARGET_DAYS}`, color: COLORS.target }])],
    }),
    [accounts.length],
  );
  const of = (n: number) => (accounts.length ? ` (${percent(n / accounts.length)})` : '');
  return (
    <section aria-labelledby="first-value-title" class="card">
      <h2 id="first-value-title">Reached first value</h2>
      <Chart
        options={options}
        data={data}
        height={200}
        label={`Accounts that reached first value: ${FIRST_VALUE_DAYS.map((d, i) => `by day ${d}, ${counts[i]}`).join('; ')}; target day ${FIRST_VALUE_TARGET_DAYS}`}
      />
      <ul class="legend-list">
        {FIRST_VALUE_DAYS.map((d, i) => (
          <li key={d} class={d === FIRST_VALUE_TARGET_DAYS ? 'target' : undefined}>
            By day {d}
            {d === FIRST_VALUE_TARGET_DAYS ? ' (target)' : ''}: <strong>{counts[i]}</strong>
            {of(counts[i]!)}
          </li>
        ))}
      </ul>
    </section>
  );
}
