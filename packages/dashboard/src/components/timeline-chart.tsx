import { useMemo } from 'preact/hooks';
import type { Timeline } from '../types.js';
import { Chart } from './chart.js';
import { marksPlugin, type Mark } from './chart-marks.js';
import { COLORS } from './colors.js';

const CHECKPOINTS = [30, 60, 90];

/** The seats the pace expects on a day: the timeline's pace is a rate. */
const paceSeats = (t: Timeline, pace: number) => Math.round(pace * t.seats * 100) / 100;

/** Activated seats per day since signing against the pace line, with 30/60/90-day marks and today. */
export function TimelineChart({ timeline }: { timeline: Timeline }) {
  const data = useMemo<[number[], number[], number[]]>(
    () => [
      timeline.days.map((d) => d.day),
      timeline.days.map((d) => d.activatedSeats),
      timeline.days.map((d) => paceSeats(timeline, d.pace)),
    ],
    [timeline],
  );
  const today = timeline.days.at(-1)?.day ?? 0;
  const options = useMemo(() => {
    const marks: Mark[] = CHECKPOINTS.map((d) => ({ x: d, label: `day ${d}`, color: COLORS.mark }));
    marks.push({ x: today, label: 'today', color: COLORS.today });
    return {
      legend: { show: false },
      scales: { x: { time: false }, y: { range: [0, Math.max(1, timeline.seats)] as [number, number] } },
      // Whole days and whole seats: no 2.5 on either axis.
      axes: [
        { label: 'days since signing', incrs: [1, 2, 7, 14, 30, 60, 90, 180] },
        { label: 'seats', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] },
      ],
      series: [
        { label: 'day' },
        { label: 'activated seats', stroke: COLORS.activated, fill: COLORS.activatedFill, width: 2, points: { show: false } },
        { label: 'pace', stroke: COLORS.pace, dash: [6, 4], width: 2, points: { show: false } },
      ],
      plugins: [marksPlugin(marks)],
    };
  }, [timeline, today]);
  const last = timeline.days.at(-1);
  return (
    <figure class="timeline">
      <Chart
        options={options}
        data={data}
        height={260}
        label={`Activated seats per day since signing, against the pace line${last ? `: today (day ${last.day}) ${last.activatedSeats} of ${timeline.seats} seats, pace ${paceSeats(timeline, last.pace)}` : ''}`}
      />
      <figcaption>
        <span class="key key-activated" aria-hidden="true" /> activated seats
        <span class="key key-pace" aria-hidden="true" /> pace toward the target
        <span class="key key-mark" aria-hidden="true" /> days 30, 60, 90 and today
      </figcaption>
      <details>
        <summary>The chart's data</summary>
        <div class="scroll scroll-short" role="region" aria-label="Timeline data" tabIndex={0}>
          <table class="timeline-data">
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Date</th>
                <th scope="col" class="num">
                  Activated seats
                </th>
                <th scope="col" class="num">
                  Pace (seats)
                </th>
              </tr>
            </thead>
            <tbody>
              {/* The very columns the chart draws, so what is read here is what is plotted. */}
              {data[0].map((day, i) => (
                <tr key={day}>
                  <th scope="row">{day}</th>
                  <td>{timeline.days[i]!.date}</td>
                  <td class="num">{data[1][i]}</td>
                  <td class="num">{data[2][i]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
