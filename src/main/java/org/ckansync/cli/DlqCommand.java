package org.ckansync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.ckansync.app.SyncApp;
import org.ckansync.config.ConfigException;
import org.ckansync.json.Json;
import org.ckansync.run.SyncRun;
import org.ckansync.state.DeadLetter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** `ckan-sync dlq ...`: working through what could not be applied. */
@Command(name = "dlq", description = "the dead-letter queue: what could not be applied, why, and what to do about it",
        subcommands = {DlqCommand.ListLetters.class, DlqCommand.Show.class, DlqCommand.Retry.class, DlqCommand.Discard.class})
final class DlqCommand implements Callable<Integer> {
    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @ParentCommand
    CkanSyncCli cli;

    @Override
    public Integer call() {
        return new ListLetters().list(cli, null, null, null);
    }

    enum State { open, resolved, discarded }

    @Command(name = "list", description = "dead letters (open by default), oldest first")
    static final class ListLetters implements Callable<Integer> {
        @ParentCommand
        DlqCommand parent;

        @Option(names = "--pair", paramLabel = "ID")
        String pair;

        @Option(names = "--reason", paramLabel = "R", description = "rejected, unavailable, conflict, clash, held, error")
        String reason;

        @Option(names = "--state", paramLabel = "S", description = "open (default), resolved, discarded")
        State state;

        @Override
        public Integer call() {
            return list(parent.cli, pair, reason, state);
        }

        int list(CkanSyncCli cli, String pair, String reason, State state) {
            try (SyncApp app = cli.startReadingState()) {
                if (pair != null) {
                    app.pairs().get(pair);
                }
                String st = state == null ? DeadLetter.OPEN : state.name();
                List<DeadLetter> letters = app.deadLetters().list(pair, reason, st);
                if (letters.isEmpty()) {
                    cli.out.println("no " + st + " dead letters");
                    return CkanSyncCli.OK;
                }
                Table t = new Table("id", "pair", "package", "operation", "direction", "reason", "http", "tries", "last seen", "detail");
                for (DeadLetter d : letters) {
                    t.row(d.id(), d.pairId(), d.packageName() == null ? d.packageId() : d.packageName(), d.operation(),
                            d.direction(), d.reason(), d.httpStatus(), d.attempts(), WHEN.format(d.lastSeen()), d.detail());
                }
                t.print(cli.out);
                Map<String, Long> byReason = letters.stream().collect(Collectors.groupingBy(DeadLetter::reason,
                        java.util.TreeMap::new, Collectors.counting()));
                cli.out.println(letters.size() + " dead letter(s): " + byReason.entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
                return CkanSyncCli.OK;
            }
        }
    }

    @Command(name = "show", description = "one dead letter with its field-level diff")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        DlqCommand parent;

        @Parameters(paramLabel = "ID")
        long id;

        @Override
        public Integer call() {
            CkanSyncCli cli = parent.cli;
            PrintStream out = cli.out;
            try (SyncApp app = cli.startReadingState()) {
                DeadLetter d = find(app, id, "show");
                out.printf("dead letter %d (%s)%n", d.id(), d.state());
                out.printf("  pair        %s%n  package     %s (%s)%n  operation   %s%s%n  reason      %s%n  http status %s%n",
                        d.pairId(), d.packageName(), d.packageId(), d.operation(), d.direction() == null ? "" : " (" + d.direction() + ")",
                        d.reason(), d.httpStatus() == null ? "-" : d.httpStatus());
                out.printf("  attempts    %d%n  first seen  %s%n  last seen   %s%n  detail      %s%n", d.attempts(),
                        WHEN.format(d.firstSeen()), WHEN.format(d.lastSeen()), d.detail());
                if (d.payload() != null) {
                    JsonNode p = Json.MAPPER.valueToTree(Json.readMap(d.payload()));
                    changes(out, "changes on the source (A) since the last sync", p.path("sourceChanges"));
                    changes(out, "changes on the target (B) since the last sync", p.path("targetChanges"));
                    JsonNode conflicts = p.path("conflicts");
                    if (conflicts.isArray() && conflicts.size() > 0) {
                        out.println("  conflicts");
                        Table t = new Table("field", "base", "A", "B", "resolution");
                        conflicts.forEach(c -> t.row(c.path("path").asText(), c.path("base"), c.path("source"), c.path("target"),
                                c.path("resolution").asText()));
                        t.print(out, "    ");
                    }
                }
                out.println("  act on it:  ckan-sync dlq retry " + d.id() + "   |   ckan-sync dlq discard " + d.id());
                return CkanSyncCli.OK;
            }
        }

        private static void changes(PrintStream out, String title, JsonNode changes) {
            if (!changes.isArray() || changes.isEmpty()) {
                return;
            }
            out.println("  " + title);
            for (JsonNode c : changes) {
                out.printf("    %-8s %s: %s -> %s%n", c.path("op").asText().toLowerCase(), c.path("path").asText(),
                        c.path("before"), c.path("after"));
            }
        }
    }

    @Command(name = "retry", description = "sync the package(s) again now")
    static final class Retry implements Callable<Integer> {
        @ParentCommand
        DlqCommand parent;

        @Parameters(paramLabel = "ID", arity = "0..1")
        Long id;

        @Option(names = "--all", description = "every open dead letter (of --pair)")
        boolean all;

        @Option(names = "--pair", paramLabel = "ID")
        String pair;

        @Override
        public Integer call() {
            CkanSyncCli cli = parent.cli;
            if ((id == null) == !all) {
                throw new ConfigException("dlq retry", "give a dead letter's number, or --all");
            }
            try (SyncApp app = cli.start()) {
                List<DeadLetter> letters = all ? app.deadLetters().list(pair, null, DeadLetter.OPEN) : List.of(find(app, id, "retry"));
                int code = CkanSyncCli.OK;
                Map<String, List<DeadLetter>> byPair = letters.stream().collect(Collectors.groupingBy(DeadLetter::pairId,
                        java.util.LinkedHashMap::new, Collectors.toList()));
                for (var e : byPair.entrySet()) {
                    List<DeadLetter> open = e.getValue().stream().filter(d -> DeadLetter.OPEN.equals(d.state())).toList();
                    e.getValue().stream().filter(d -> !DeadLetter.OPEN.equals(d.state())).forEach(d -> cli.err.println(
                            "dead letter " + d.id() + " is " + d.state() + ", not open; nothing to retry"));
                    if (open.size() < e.getValue().size()) {
                        code = RunReport.worst(code, CkanSyncCli.FAILED);
                    }
                    if (open.isEmpty()) {
                        continue;
                    }
                    app.verify(e.getKey());
                    SyncRun run = app.retry(e.getKey(), open.stream().map(DeadLetter::packageId).distinct().toList());
                    for (DeadLetter d : open) {
                        boolean done = app.deadLetters().get(d.id()).map(x -> !DeadLetter.OPEN.equals(x.state())).orElse(false);
                        cli.out.printf("dead letter %d (%s): %s%s%n", d.id(), d.packageName(), done ? "done - " : "still failing - ",
                                run.message() != null ? run.message() : run.summary());
                        if (!done) {
                            code = RunReport.worst(code, CkanSyncCli.DEAD_LETTERS);
                        }
                    }
                }
                return code;
            }
        }
    }

    @Command(name = "discard", description = "drop it: this change is not applied and does not come back")
    static final class Discard implements Callable<Integer> {
        @ParentCommand
        DlqCommand parent;

        @Parameters(paramLabel = "ID")
        long id;

        @Override
        public Integer call() {
            CkanSyncCli cli = parent.cli;
            try (SyncApp app = cli.start()) {
                DeadLetter d = find(app, id, "discard");
                app.deadLetters().setState(d.id(), DeadLetter.DISCARDED);
                cli.out.println("dead letter " + d.id() + " discarded: " + d.packageName() + " stays as it is on the target");
                return CkanSyncCli.OK;
            }
        }
    }

    static DeadLetter find(SyncApp app, long id, String verb) {
        return app.deadLetters().get(id).orElseThrow(() -> new ConfigException("dlq " + verb, "no dead letter " + id));
    }
}
