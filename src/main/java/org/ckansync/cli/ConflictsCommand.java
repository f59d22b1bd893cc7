package org.ckansync.cli;

import org.ckansync.app.SyncApp;
import org.ckansync.state.ConflictEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** The conflict log: field, base, A's and B's values, resolution, newest first. */
@Command(name = "conflicts", description = "the conflict log: field, base, A's and B's values, resolution (newest first)")
final class ConflictsCommand implements Callable<Integer> {
    @ParentCommand
    CkanSyncCli cli;

    @Option(names = "--pair", paramLabel = "ID")
    String pair;

    @Option(names = "--package", paramLabel = "ID")
    String pkg;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100")
    int limit;

    @Override
    public Integer call() {
        try (SyncApp app = cli.startReadingState()) {
            if (pair != null) {
                app.pairs().get(pair);
            }
            List<ConflictEntry> entries = app.conflicts().list(pair, pkg, limit);
            if (entries.isEmpty()) {
                cli.out.println("no conflicts logged");
                return CkanSyncCli.OK;
            }
            Table t = new Table("id", "when", "pair", "package", "direction", "field", "base", "A", "B", "resolution");
            Map<String, String> names = new java.util.HashMap<>();
            entries.forEach(e -> t.row(e.id(), DlqCommand.WHEN.format(e.at()), e.pairId(),
                    names.computeIfAbsent(e.pairId() + "/" + e.packageId(), k -> app.store().state(e.pairId(), e.packageId())
                            .map(s -> s.name()).filter(n -> n != null).orElse(e.packageId())),
                    e.direction(), e.path(), e.base(), e.source(), e.target(), e.resolution()));
            t.print(cli.out);
            Map<String, Long> byResolution = entries.stream().collect(Collectors.groupingBy(ConflictEntry::resolution,
                    java.util.TreeMap::new, Collectors.counting()));
            cli.out.println(entries.size() + " conflict(s)" + (entries.size() == limit ? " (the newest " + limit + "; --limit N for more)" : "")
                    + ": " + byResolution.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
            return CkanSyncCli.OK;
        }
    }
}
