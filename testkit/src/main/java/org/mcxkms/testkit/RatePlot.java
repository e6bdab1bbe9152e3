package org.mcxkms.testkit;

import java.util.Locale;
import java.util.Map;

/**
 * A bar chart of a rate per second as a self-contained SVG (no plotting tool needed): successful
 * requests per second in blue, failed ones stacked in red, and vertical marks for events such as
 * "node1 killed". For the documentation of the kill test.
 */
public final class RatePlot {
  private static final int W = 760;
  private static final int H = 300;
  private static final int LEFT = 60;
  private static final int RIGHT = 20;
  private static final int TOP = 40;
  private static final int BOTTOM = 40;

  private RatePlot() {}

  /**
   * @param ok successful requests in each second
   * @param failed failed requests in each second (same length)
   * @param events second -> label
   */
  public static String svg(String title, long[] ok, long[] failed, Map<Integer, String> events) {
    int n = Math.max(1, ok.length);
    long max = 1;
    for (int i = 0; i < ok.length; i++) {
      max = Math.max(max, ok[i] + failed[i]);
    }
    long step = niceStep(max);
    long top = ((max + step - 1) / step) * step;
    double plotW = W - LEFT - RIGHT;
    double plotH = H - TOP - BOTTOM;
    double bar = plotW / n;
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
        + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">%n", W, H, W, H));
    s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", W, H));
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"13\">%s</text>%n", LEFT, escape(title)));
    for (long v = 0; v <= top; v += step) {
      double y = TOP + plotH - plotH * v / top;
      s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
          LEFT, y, W - RIGHT, y));
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d</text>%n", LEFT - 6,
          y + 4, v));
    }
    for (int i = 0; i < ok.length; i++) {
      double x = LEFT + i * bar;
      double hOk = plotH * ok[i] / top;
      double hFail = plotH * failed[i] / top;
      s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
          + " fill=\"#3b6fb6\"/>%n", x + 0.5, TOP + plotH - hOk, Math.max(0.5, bar - 1), hOk));
      if (failed[i] > 0) {
        s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
            + " fill=\"#c0392b\"/>%n", x + 0.5, TOP + plotH - hOk - hFail, Math.max(0.5, bar - 1), hFail));
      }
    }
    int labelRow = 0;
    for (Map.Entry<Integer, String> e : events.entrySet()) {
      double x = LEFT + e.getKey() * bar;
      s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\""
          + " stroke-dasharray=\"4 3\"/>%n", x, TOP, x, TOP + plotH));
      s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>%n", x + 3, TOP + 12 + 13 * labelRow++,
          escape(e.getValue())));
    }
    long tick = Math.max(1, niceStep(n));
    for (long t = 0; t <= n; t += tick) {
      s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d</text>%n",
          LEFT + t * bar, TOP + plotH + 15, t));
    }
    s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">seconds</text>%n",
        LEFT + plotW / 2, H - 6));
    s.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%.1f\" transform=\"rotate(-90 14 %.1f)\""
        + " text-anchor=\"middle\">requests/s (blue ok, red failed)</text>%n", TOP + plotH / 2, TOP + plotH / 2));
    s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#333\"/>%n",
        LEFT, TOP + plotH, W - RIGHT, TOP + plotH));
    s.append("</svg>\n");
    return s.toString();
  }

  /** 1, 2 or 5 times a power of ten, giving about five divisions of {@code max}. */
  private static long niceStep(long max) {
    double raw = max / 5.0;
    long p = 1;
    while (p * 10 <= raw) {
      p *= 10;
    }
    for (long m : new long[] {1, 2, 5, 10}) {
      if (p * m >= raw) {
        return Math.max(1, p * m);
      }
    }
    return p * 10;
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
