package org.ckansync.cli;

import org.ckansync.app.SyncApp;
import org.ckansync.config.ConfigException;
import org.ckansync.run.NothingHeldException;
import org.ckansync.run.PairBusyException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The ckan-sync command line (picocli: unknown options and stray words are errors with a suggestion, help is
 * generated). Exit codes: 0 done; 1 a run failed or was held for an operator; 2 bad usage or configuration (the
 * message names the setting); 3 done, but packages went to the dead-letter queue; 4 another process is running the
 * pair (the message names it).
 */
@Command(name = "ckan-sync", mixinStandardHelpOptions = true, version = "ckan-sync 0.2.0",
        description = "Keeps CKAN portals in sync: pairs of portals, one-way or two-way, on a schedule.",
        subcommands = {RunCommand.class, OnceCommand.class, ReconcileCommand.class, StatusCommand.class,
                TombstonesCommand.class, DlqCommand.class, ConflictsCommand.class, ApproveCommand.class},
        footer = {"", "Exit codes: 0 done, 1 run failed or held, 2 bad usage or configuration, 3 done with dead letters,",
                "4 the pair is being run by another process."})
public final class CkanSyncCli implements Runnable {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_CONFIG = 2;
    static final int DEAD_LETTERS = 3;
    static final int BUSY = 4;

    @Option(names = "--config", paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT,
            description = "the configuration file (default: ./config/application.properties when present, else the built-in defaults)")
    Path config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    final PrintStream out;
    final PrintStream err;

    public CkanSyncCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] argv) {
        // output stays readable whatever the locale (cron, systemd): ckan-sync writes ASCII only, as UTF-8
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
        System.exit(new CkanSyncCli(out, err).execute(argv));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed");
    }

    public int execute(String[] argv) {
        CommandLine cli = new CommandLine(this, new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                return CommandLine.defaultFactory().create(cls);
            }
        });
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((e, args) -> {
            err.println("error: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            err.println("see: ckan-sync " + (e.getCommandLine() == cli ? "" : e.getCommandLine().getCommandName() + " ") + "--help");
            return BAD_CONFIG;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException) {
                err.println("error: " + e.getMessage());
                return BAD_CONFIG;
            }
            if (e instanceof PairBusyException) {
                err.println("busy: " + e.getMessage());
                return BUSY;
            }
            if (e instanceof NothingHeldException) {
                err.println(e.getMessage());
                return FAILED;
            }
            err.println("error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return FAILED;
        });
        return cli.execute(argv);
    }

    /** The configuration file: --config, else ./config/application.properties when present. */
    Path configFile() {
        if (config != null) {
            return config;
        }
        Path local = Path.of("config", "application.properties");
        return local.toFile().isFile() ? local : null;
    }

    SyncApp start() {
        return SyncApp.start(configFile(), java.util.Map.of(), false);
    }

    /** For the commands that only read the state database: none of the CKAN, sync or schedule routes. */
    SyncApp startReadingState() {
        return SyncApp.start(configFile(), java.util.Map.of(), false, SyncApp.STATE_ROUTES);
    }
}
