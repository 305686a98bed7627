package io.immut.core.simulation;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws a replay as a chart: demand, ready capacity and desired capacity over time, all in
 * requests per step, as SVG text or as a PNG image (drawn with {@code java.awt}, headless). When the
 * range has more steps than the chart has points, steps are grouped into buckets and each bucket
 * shows its highest demand, its lowest ready capacity and its highest desired capacity, so that
 * shortfalls are never smoothed away.
 *
 * <pre>{@code
 * Files.writeString(Path.of("replay.svg"), ReplayChart.svg(result, 0, result.demand().length, "NASA, July 1995"));
 * Files.write(Path.of("replay.png"), ReplayChart.png(result, 0, result.demand().length, "NASA, July 1995"));
 * }</pre>
 */
public final class ReplayChart {
  private static final int WIDTH = 1000;
  private static final int HEIGHT = 360;
  private static final int LEFT = 60;
  private static final int RIGHT = 20;
  private static final int TOP = 40;
  private static final int BOTTOM = 50;
  private static final int MAX_POINTS = 1000;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final String DEMAND = "#2c3e50";
  private static final String READY = "#27ae60";
  private static final String DESIRED = "#e67e22";

  private ReplayChart() {}

  /**
   * Draws steps {@code [from, to)} of a replay as SVG.
   *
   * @param r the replay
   * @param from the first step
   * @param to the step after the last
   * @param title the chart's title
   * @return the SVG document
   */
  public static String svg(ReplayResult r, int from, int to, String title) {
    SvgPen pen = new SvgPen();
    draw(r, from, to, title, pen);
    return pen.finish();
  }

  /**
   * Draws steps {@code [from, to)} of a replay as a PNG image.
   *
   * @param r the replay
   * @param from the first step
   * @param to the step after the last
   * @param title the chart's title
   * @return the PNG bytes
   */
  public static byte[] png(ReplayResult r, int from, int to, String title) {
    System.setProperty("java.awt.headless", "true");
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      draw(r, from, to, title, new AwtPen(g));
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException("encoding a chart as PNG", e);
    }
    return out.toByteArray();
  }

  private static void draw(ReplayResult r, int from, int to, String title, Pen pen) {
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
    double plotW = WIDTH - LEFT - RIGHT;
    double plotH = HEIGHT - TOP - BOTTOM;
    pen.text(LEFT, 22, title + " — " + r.policy(), "#000", false, 14);
    for (int g = 0; g <= 4; g++) {
      double y = TOP + plotH - plotH * g / 4;
      pen.line(LEFT, y, WIDTH - RIGHT, y, "#dddddd", 1, false);
      pen.text(LEFT - 6, y + 4, String.format(Locale.ROOT, "%.0f", top * g / 4), "#000", true, 12);
    }
    for (int g = 0; g <= 4; g++) {
      int i = from + (int) ((long) (steps - 1) * g / 4);
      Instant at = r.start().plus(r.step().multipliedBy(i));
      double x = LEFT + plotW * g / 4;
      pen.text(x - 30, HEIGHT - BOTTOM + 16, TIME.format(at), "#000", false, 12);
    }
    pen.text(LEFT, TOP - 8, "requests per " + (r.step().toMinutes() == 1 ? "minute" : r.step().toString()) + " (UTC)", "#555", false, 11);
    pen.polyline(xy(desired, top, plotW, plotH, true), DESIRED, true);
    pen.polyline(xy(ready, top, plotW, plotH, true), READY, false);
    pen.polyline(xy(demand, top, plotW, plotH, false), DEMAND, false);
    String suffix = bucket > 1 ? " (per " + bucket + " steps: highest demand, lowest ready, highest desired)" : "";
    int ly = HEIGHT - 12;
    pen.line(LEFT, ly - 4, LEFT + 20, ly - 4, DEMAND, 2, false);
    pen.text(LEFT + 26, ly, "demand", "#000", false, 12);
    pen.line(LEFT + 100, ly - 4, LEFT + 120, ly - 4, READY, 2, false);
    pen.text(LEFT + 126, ly, "ready capacity", "#000", false, 12);
    pen.line(LEFT + 240, ly - 4, LEFT + 260, ly - 4, DESIRED, 2, true);
    pen.text(LEFT + 266, ly, "desired capacity" + suffix, "#000", false, 12);
  }

  private static double[][] xy(double[] v, double top, double w, double h, boolean stepped) {
    int n = stepped ? 2 * v.length - 1 : v.length;
    double[][] pts = new double[n][];
    double dx = w / v.length;
    int k = 0;
    for (int p = 0; p < v.length; p++) {
      double x = LEFT + p * dx;
      double y = TOP + h - h * v[p] / top;
      if (stepped && p > 0) {
        pts[k++] = new double[] {x, TOP + h - h * v[p - 1] / top};
      }
      pts[k++] = new double[] {x, y};
    }
    return pts;
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

  /** Where a chart is drawn. */
  private interface Pen {
    void line(double x1, double y1, double x2, double y2, String color, float width, boolean dashed);

    void polyline(double[][] points, String color, boolean dashed);

    void text(double x, double y, String text, String color, boolean alignRight, int size);
  }

  private static final class SvgPen implements Pen {
    private final StringBuilder s = new StringBuilder(256 * 1024);

    SvgPen() {
      s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
          .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\" font-family=\"sans-serif\">\n")
          .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, String color, float width, boolean dashed) {
      s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%.1f\"%s/>%n",
          x1, y1, x2, y2, color, width, dashed ? " stroke-dasharray=\"5,3\"" : ""));
    }

    @Override
    public void polyline(double[][] points, String color, boolean dashed) {
      s.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"1.2\"")
          .append(dashed ? " stroke-dasharray=\"5,3\"" : "").append(" points=\"");
      for (double[] p : points) {
        s.append(String.format(Locale.ROOT, "%.1f,%.1f ", p[0], p[1]));
      }
      s.append("\"/>\n");
    }

    @Override
    public void text(double x, double y, String text, String color, boolean alignRight, int size) {
      s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" fill=\"%s\"%s>%s</text>%n", x, y, size, color,
          alignRight ? " text-anchor=\"end\"" : "", text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")));
    }

    String finish() {
      return s.append("</svg>\n").toString();
    }
  }

  private static final class AwtPen implements Pen {
    private final Graphics2D g;

    AwtPen(Graphics2D g) {
      this.g = g;
    }

    private void stroke(String color, float width, boolean dashed) {
      g.setColor(Color.decode(color));
      g.setStroke(dashed ? new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 3f}, 0f)
          : new BasicStroke(width));
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, String color, float width, boolean dashed) {
      stroke(color, width, dashed);
      g.draw(new java.awt.geom.Line2D.Double(x1, y1, x2, y2));
    }

    @Override
    public void polyline(double[][] points, String color, boolean dashed) {
      stroke(color, 1.2f, dashed);
      Path2D.Double path = new Path2D.Double();
      path.moveTo(points[0][0], points[0][1]);
      for (int i = 1; i < points.length; i++) {
        path.lineTo(points[i][0], points[i][1]);
      }
      g.draw(path);
    }

    @Override
    public void text(double x, double y, String text, String color, boolean alignRight, int size) {
      g.setColor(Color.decode(color));
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, size));
      double dx = alignRight ? g.getFontMetrics().stringWidth(text) : 0;
      g.drawString(text, (float) (x - dx), (float) y);
    }
  }
}
