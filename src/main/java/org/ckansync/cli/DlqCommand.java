package org.ckansync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.ckansync.app.SyncApp;
import org.ckansync.config.ConfigException;
import org.ckansync.json.Json;
import org.ckansync.state.ConflictLog;
import org.ckansync.state.DeadLetter;
import org.ckansync.state.SyncRun;

import java.io.PrintStream;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** `ckan-sync dlq …` and `ckan-sync conflicts`: working through what could not be applied. */
final class DlqCommand {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private final PrintStream out;
    private final PrintStream err;

    DlqCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int execute(Args args) {
        String verb = args.word(1) == null ? "list" : args.word(1);
        try (SyncApp app = SyncApp.start(args.config(), Map.of(), false)) {
            return switch (verb) {
                case "list" -> list(app, args);
                case "show" -> show(app, args);
                case "retry" -> retry(app, args);
                case "discard" -> discard(app, args);
                default -> throw new ConfigException("dlq " + verb, "unknown; use list, show, retry or discard");
            };
        }
    }

    private int list(SyncApp app, Args args) {
        args.allow("--pair", "--reason", "--state");
        String state = args.option("--state");
        if (state != null && !java.util.Set.of("open", "resolved", "discarded").contains(state)) {
            throw new ConfigException("--state", "'" + state + "' is not one of: open, resolved, discarded");
        }
        String pair = args.option("--pair");
        if (pair != null) {
            app.pairs().get(pair);
        }
        List<DeadLetter> letters = app.deadLetters().list(pair, args.option("--reason"), args.option("--state"));
        if (letters.isEmpty()) {
            out.println("no " + (args.option("--state") == null ? "open" : args.option("--state")) + " dead letters");
            return CkanSyncCli.OK;
        }
        Table t = new Table("id", "pair", "package", "operation", "reason", "http", "tries", "last seen", "detail");
        for (DeadLetter d : letters) {
            t.row(d.id(), d.pairId(), d.packageName() == null ? d.packageId() : d.packageName(), d.operation(), d.reason(),
                    d.httpStatus(), d.attempts(), WHEN.format(d.lastSeen()), d.detail());
        }
        t.print(out);
        Map<String, Long> byReason = letters.stream().collect(Collectors.groupingBy(DeadLetter::reason, java.util.TreeMap::new,
                Collectors.counting()));
        out.println(letters.size() + " dead letter(s): " + byReason.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")));
        return CkanSyncCli.OK;
    }

    private int show(SyncApp app, Args args) {
        args.allow();
        DeadLetter d = find(app, args);
        out.printf("dead letter %d (%s)%n", d.id(), d.state());
        out.printf("  pair        %s%n  package     %s (%s)%n  operation   %s%n  reason      %s%n  http status %s%n",
                d.pairId(), d.packageName(), d.packageId(), d.operation(), d.reason(), d.httpStatus() == null ? "-" : d.httpStatus());
        out.printf("  attempts    %d%n  first seen  %s%n  last seen   %s%n  detail      %s%n", d.attempts(),
                WHEN.format(d.firstSeen()), WHEN.format(d.lastSeen()), d.detail());
        if (d.payload() != null) {
            JsonNode p = Json.MAPPER.valueToTree(Json.readMap(d.payload()));
            printChanges("changes on the source since the last sync", p.path("sourceChanges"));
            printChanges("changes on the target since the last sync", p.path("targetChanges"));
            JsonNode conflicts = p.path("conflicts");
            if (conflicts.isArray() && conflicts.size() > 0) {
                out.println("  conflicts");
                Table t = new Table("field", "base", "source", "target", "resolution");
                conflicts.forEach(c -> t.row(c.path("path").asText(), c.path("base"), c.path("source"), c.path("target"),
                        c.path("resolution").asText()));
                t.print(out, "    ");
            }
        }
        out.println("  act on it:  ckan-sync dlq retry " + d.id() + "   |   ckan-sync dlq discard " + d.id());
        return CkanSyncCli.OK;
    }

    private void printChanges(String title, JsonNode changes) {
        if (!changes.isArray() || changes.isEmpty()) {
            return;
        }
        out.println("  " + title);
        for (JsonNode c : changes) {
            out.printf("    %-8s %s: %s → %s%n", c.path("op").asText().toLowerCase(), c.path("path").asText(),
                    c.path("before"), c.path("after"));
        }
    }

    private int retry(SyncApp app, Args args) {
        args.allow("--all", "--pair");
        List<DeadLetter> letters = args.flag("--all")
                ? app.deadLetters().list(args.option("--pair"), null, DeadLetter.OPEN)
                : List.of(find(app, args));
        int code = CkanSyncCli.OK;
        for (DeadLetter d : letters) {
            if (!DeadLetter.OPEN.equals(d.state())) {
                err.println("dead letter " + d.id() + " is " + d.state() + ", not open; nothing to retry");
                code = CkanSyncCli.FAILED;
                continue;
            }
            app.verify(d.pairId());
            SyncRun run = app.retry(d);
            boolean done = app.deadLetters().get(d.id()).map(x -> !DeadLetter.OPEN.equals(x.state())).orElse(false);
            out.printf("dead letter %d (%s): %s%s%n", d.id(), d.packageName(), done ? "done - " : "still failing - ",
                    run.message() != null ? run.message() : run.summary());
            if (!done) {
                code = CkanSyncCli.DEAD_LETTERS;
            }
        }
        return code;
    }

    private int discard(SyncApp app, Args args) {
        args.allow();
        DeadLetter d = find(app, args);
        app.deadLetters().setState(d.id(), DeadLetter.DISCARDED);
        out.println("dead letter " + d.id() + " discarded: " + d.packageName() + " stays as it is on the target");
        return CkanSyncCli.OK;
    }

    private static DeadLetter find(SyncApp app, Args args) {
        String id = args.word(2);
        if (id == null || !id.matches("\\d+")) {
            throw new ConfigException("dlq " + args.word(1), "needs the dead letter's number, e.g. dlq " + args.word(1) + " 12");
        }
        return app.deadLetters().get(Long.parseLong(id))
                .orElseThrow(() -> new ConfigException("dlq " + args.word(1), "no dead letter " + id));
    }

    int conflicts(Args args) {
        args.allow("--pair", "--package", "--limit");
        try (SyncApp app = SyncApp.start(args.config(), Map.of(), false)) {
            String limitText = args.option("--limit") == null ? "100" : args.option("--limit");
            if (!limitText.matches("\\d{1,6}")) {
                throw new ConfigException("--limit", "'" + limitText + "' is not a whole number");
            }
            int limit = Integer.parseInt(limitText);
            List<ConflictLog.Entry> entries = app.conflicts().list(args.option("--pair"), args.option("--package"), limit);
            if (entries.isEmpty()) {
                out.println("no conflicts logged");
                return CkanSyncCli.OK;
            }
            Table t = new Table("id", "when", "pair", "package", "field", "base", "source", "target", "resolution");
            Map<String, String> names = new java.util.HashMap<>();
            entries.forEach(e -> t.row(e.id(), WHEN.format(e.at()), e.pairId(),
                    names.computeIfAbsent(e.pairId() + "/" + e.packageId(), k -> app.store().state(e.pairId(), e.packageId())
                            .map(s -> s.name()).filter(n -> n != null).orElse(e.packageId())),
                    e.path(), e.base(), e.source(), e.target(), e.resolution()));
            t.print(out);
            Map<String, Long> byResolution = entries.stream().collect(Collectors.groupingBy(ConflictLog.Entry::resolution,
                    java.util.TreeMap::new, Collectors.counting()));
            out.println(entries.size() + " conflict(s)" + (entries.size() == limit ? " (the newest " + limit + "; --limit N for more)" : "")
                    + ": " + byResolution.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
            return CkanSyncCli.OK;
        }
    }
}
