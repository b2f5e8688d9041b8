package io.facegate.bench;

import java.util.Locale;

/** The benchmark's printed report: plain text, figures with Locale.ROOT, flushed line by line (runs are long). */
final class Out {

    private Out() {
    }

    static void line(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    static void section(String title) {
        line("");
        line("== %s", title);
    }

    static double mb(long kb) {
        return kb / 1024.0;
    }
}
