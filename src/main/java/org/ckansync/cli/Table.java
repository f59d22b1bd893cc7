package org.ckansync.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Aligned columns for the CLI: readable at a glance, and stable enough to grep. */
final class Table {
    private final List<String[]> rows = new ArrayList<>();
    private final String[] header;

    Table(String... header) {
        this.header = header;
    }

    Table row(Object... cells) {
        String[] r = new String[header.length];
        for (int i = 0; i < header.length; i++) {
            Object c = i < cells.length ? cells[i] : null;
            r[i] = c == null ? "-" : c.toString().replaceAll("\\s+", " ");
        }
        rows.add(r);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void print(PrintStream out) {
        print(out, "");
    }

    /** The table indented by {@code indent} (cells themselves never keep leading blanks). */
    void print(PrintStream out, String indent) {
        int[] width = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            width[i] = header[i].length();
            for (String[] r : rows) {
                width[i] = Math.max(width[i], Math.min(r[i].length(), 60));
            }
        }
        out.println(indent + line(header, width));
        for (String[] r : rows) {
            out.println(indent + line(r, width));
        }
    }

    private static String line(String[] cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i].length() > 60 ? cells[i].substring(0, 59) + "…" : cells[i];
            sb.append(c);
            if (i < cells.length - 1) {
                sb.append(" ".repeat(width[i] - c.length() + 2));
            }
        }
        return sb.toString().stripTrailing();
    }
}
