package org.ckansync.cli;

import org.ckansync.config.ConfigException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The command line: global --config, a command with its words, and --options (flags or with a value). */
final class Args {
    private static final Set<String> FLAGS = Set.of("--dry-run", "--reconcile", "--all", "--help");
    final List<String> words = new ArrayList<>();
    final Map<String, String> options = new HashMap<>();
    final Set<String> flags = new HashSet<>();

    static Args parse(String[] argv) {
        Args a = new Args();
        for (int i = 0; i < argv.length; i++) {
            String s = argv[i];
            if (FLAGS.contains(s) || s.equals("-h")) {
                a.flags.add(s.equals("-h") ? "--help" : s);
            } else if (s.startsWith("--")) {
                String name = s;
                String value;
                int eq = s.indexOf('=');
                if (eq > 0) {
                    name = s.substring(0, eq);
                    value = s.substring(eq + 1);
                } else if (i + 1 < argv.length) {
                    value = argv[++i];
                } else {
                    throw new ConfigException(s, "needs a value");
                }
                a.options.put(name, value);
            } else {
                a.words.add(s);
            }
        }
        return a;
    }

    String word(int i) {
        return i < words.size() ? words.get(i) : null;
    }

    String option(String name) {
        return options.get(name);
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    Path config() {
        String c = options.get("--config");
        if (c != null) {
            return Path.of(c);
        }
        Path local = Path.of("config", "application.properties");
        return local.toFile().isFile() ? local : null;
    }

    /** Rejects options the command does not know, naming them (a typo must not silently run all pairs). */
    void allow(String... names) {
        Set<String> ok = new HashSet<>(List.of(names));
        ok.add("--config");
        ok.add("--help");
        for (String o : options.keySet()) {
            if (!ok.contains(o)) {
                throw new ConfigException(o, "unknown option for this command");
            }
        }
        for (String f : flags) {
            if (!ok.contains(f)) {
                throw new ConfigException(f, "unknown option for this command");
            }
        }
    }
}
