package io.immut.core.simulation;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Draws a replay as an SVG chart: demand, ready capacity and desired capacity over time, all in
 * requests per step. When the range has more steps than the chart has points, steps are grouped
 * into buckets and each bucket shows its highest demand, its lowest ready capacity and its highest
 * desired capacity, so that shortfalls are never smoothed away.
 *
 * <pre>{@code
 * Files.writeString(Path.of("replay.svg"), ReplayChart.svg(result, 0, result.demand().length, "NASA, July 1995"));
 * }</pre>
 */
public final class ReplayChart {
  private static final int WIDTH = 1000;
  private static final int HEIGHT = 360;
  private static final int LEFT = 60;
  private static final int RIGHT = 20;
  private static final int TOP = 40;
  private static final int BOTTOM = 40;
  private static final int MAX_POINTS = 1200;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private ReplayChart() {}

  /**
   * Draws steps {@code [from, to)} of a replay.
   *
   * @param r the replay
   * @param from the first step
   * @param to the step after the last
   * @param title the chart's title
   * @return the SVG document
   */
  public static String svg(ReplayResult r, int from, int to, String title) {
    if (from < 0 || to > r.demand().length || to - from < 2) {
      throw new IllegalArgumentException("a chart needs a range of at least 2 steps within [0, " + r.demand().length + "), got ["
          + from + ", " + to + ")");
    }
    int steps = to - from;
    int bucket = (steps + MAX_POINTS - 1) / MAX_POINTS;
    int points = (steps + bucket - 1) / bucket;
    double[] demand = new double[points];
    double[] ready = new double[points];
    double[] desired = new double[points];
    double c = r.capacityPerInstance();
    double top = 0;
    for (int p = 0; p < points; p++) {
      int a = from + p * bucket;
      int z = Math.min(to, a + bucket);
      double d = 0;
      double rd = Double.MAX_VALUE;
      double ds = 0;
      for (int i = a; i < z; i++) {
        d = Math.max(d, r.demand()[i]);
        rd = Math.min(rd, r.readyInstances()[i] * c);
        ds = Math.max(ds, r.desired()[i] * c);
      }
      demand[p] = d;
      ready[p] = rd;
      desired[p] = ds;
      top = Math.max(top, Math.max(d, Math.max(rd, ds)));
    }
    top = niceCeiling(top);
    StringBuilder s = new StringBuilder(64 * points * 3);
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
        .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
    s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    s.append("<text x=\"").append(LEFT).append("\" y=\"20\" font-size=\"14\">").append(escape(title)).append(" — ")
        .append(escape(r.policy())).append("</text>\n");
    double plotW = WIDTH - LEFT - RIGHT;
    double plotH = HEIGHT - TOP - BOTTOM;
    for (int g = 0; g <= 4; g++) {
      double v = top * g / 4;
      double y = TOP + plotH - plotH * g / 4;
      s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", LEFT, y, WIDTH - RIGHT, y));
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.0f</text>%n", LEFT - 6, y + 4, v));
    }
    for (int g = 0; g <= 4; g++) {
      int i = from + (int) ((long) (steps - 1) * g / 4);
      Instant at = r.start().plus(r.step().multipliedBy(i));
      double x = LEFT + plotW * g / 4;
      s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x, HEIGHT - BOTTOM + 18,
          TIME.format(at)));
    }
    s.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" text-anchor=\"middle\">requests per %s</text>%n",
        TOP + (int) plotH / 2, TOP + (int) plotH / 2, r.step().toMinutes() == 1 ? "minute" : r.step().toString()));
    polyline(s, desired, top, plotW, plotH, "#e67e22", "stroke-dasharray=\"5,3\"", true);
    polyline(s, ready, top, plotW, plotH, "#27ae60", "", true);
    polyline(s, demand, top, plotW, plotH, "#2c3e50", "stroke-opacity=\"0.8\"", false);
    String suffix = bucket > 1 ? " (per " + bucket + " steps: highest demand, lowest ready, highest desired)" : "";
    legend(s, 0, "#2c3e50", "demand" + suffix, "");
    legend(s, 1, "#27ae60", "ready capacity", "");
    legend(s, 2, "#e67e22", "desired capacity", "stroke-dasharray=\"5,3\"");
    s.append("</svg>\n");
    return s.toString();
  }

  private static void polyline(StringBuilder s, double[] v, double top, double w, double h, String color, String extra,
                               boolean stepped) {
    s.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"1.2\" ").append(extra).append(" points=\"");
    double dx = w / v.length;
    for (int p = 0; p < v.length; p++) {
      double x = LEFT + p * dx;
      double y = TOP + h - h * v[p] / top;
      if (stepped && p > 0) {
        double yPrev = TOP + h - h * v[p - 1] / top;
        s.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, yPrev));
      }
      s.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
    }
    s.append("\"/>\n");
  }

  private static void legend(StringBuilder s, int i, String color, String label, String extra) {
    int x = LEFT + 10 + i * 230;
    int y = TOP - 6;
    if (i == 0) {
      y = HEIGHT - 6;
      x = LEFT;
    } else {
      x = LEFT + 10 + (i - 1) * 170 + 560;
    }
    s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\" %s/>%n",
        x, y - 4, x + 20, y - 4, color, extra));
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", x + 26, y, escape(label)));
  }

  private static double niceCeiling(double v) {
    if (v <= 0) {
      return 1;
    }
    double mag = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * mag >= v) {
        return m * mag;
      }
    }
    return 10 * mag;
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
