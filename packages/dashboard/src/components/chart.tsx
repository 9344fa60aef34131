import { createContext } from 'preact';
import { useContext, useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

export type PlotFactory = (
  opts: uPlot.Options,
  data: uPlot.AlignedData,
  el: HTMLElement,
) => { setSize(s: { width: number; height: number }): void; destroy(): void };

/** How charts are drawn: uPlot in the page; tests supply a recorder (happy-dom has no canvas). */
export const PlotContext = createContext<PlotFactory>((opts, data, el) => new uPlot(opts, data, el));

interface Props {
  /** Everything but the size, which follows the container. */
  options: Omit<uPlot.Options, 'width' | 'height'>;
  data: uPlot.AlignedData;
  height: number;
  /** What the chart shows, for people who cannot see it (a data table beside it says the rest). */
  label: string;
}

/** One uPlot per mount, resized with its container and destroyed with the component. */
export function Chart({ options, data, height, label }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const make = useContext(PlotContext);
  useEffect(() => {
    const el = box.current!;
    const width = () => Math.max(240, Math.floor(el.clientWidth || 600));
    const plot = make({ ...options, width: width(), height }, data, el);
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => plot.setSize({ width: width(), height }));
    observer?.observe(el);
    return () => {
      observer?.disconnect();
      plot.destroy();
    };
  }, [options, data, height, make]);
  return <div class="chart" ref={box} role="img" aria-label={label} />;
}
