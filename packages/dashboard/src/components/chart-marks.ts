import type uPlot from 'uplot';

export interface Mark {
  x: number;
  label: string;
  color: string;
}

/**
 * Vertical lines with a label at the top (day 30/60/90, today, a target), drawn on
 * the canvas after the series: a plugin rather than DOM, so they move with the scale.
 */
export function marksPlugin(marks: Mark[]): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (u) => {
          const { ctx, bbox } = u;
          ctx.save();
          ctx.font = `${Math.round(11 * devicePixelRatio)}px system-ui, sans-serif`;
          ctx.textAlign = 'center';
          for (const m of marks) {
            const min = u.scales.x?.min ?? 0;
            const max = u.scales.x?.max ?? 0;
            if (m.x < min || m.x > max) continue;
            const x = Math.round(u.valToPos(m.x, 'x', true));
            ctx.strokeStyle = m.color;
            ctx.fillStyle = m.color;
            ctx.lineWidth = devicePixelRatio;
            ctx.setLineDash([4 * devicePixelRatio, 4 * devicePixelRatio]);
            ctx.beginPath();
            ctx.moveTo(x, bbox.top);
            ctx.lineTo(x, bbox.top + bbox.height);
            ctx.stroke();
            ctx.fillText(m.label, x, bbox.top - 4 * devicePixelRatio);
          }
          ctx.restore();
        },
      ],
    },
  };
}
