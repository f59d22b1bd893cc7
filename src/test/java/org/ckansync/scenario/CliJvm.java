package org.ckansync.scenario;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * ckan-sync's command line as an operator runs it: each command in a JVM of its own (so it can be killed, can hold
 * its own database connections and locks, and sees its own locale), reading the scenario's settings from a
 * {@code --config} file. Output goes to {@code <dir>/<label>.out} and {@code .err}.
 */
final class CliJvm {
    private final Path dir;

    /** What a finished command left: its exit code and both output streams (decoded as UTF-8; bytes kept apart). */
    record Result(int exit, String out, String err, byte[] rawOut, byte[] rawErr) {
        String all() {
            return out + err;
        }
    }

    CliJvm(Path dir) {
        this.dir = dir;
    }

    /** The settings as the operator's --config file. */
    Path config(Map<String, String> settings) {
        Properties p = new Properties();
        p.putAll(settings);
        Path file = dir.resolve("ckan-sync.properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            p.store(out, "a scenario's settings");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return file;
    }

    Process start(Path config, String label, String... args) {
        return start(config, label, List.of(), Map.of(), args);
    }

    /**
     * Starts the command. {@code env} entries with a null value are removed from the environment (e.g. LANG), so a
     * scenario can give the child the locale of a cron job.
     */
    Process start(Path config, String label, List<String> jvmOptions, Map<String, String> env, String... args) {
        // surefire's class path has an empty entry (= the working directory, whose routes/ would then load twice)
        String classPath = String.join(File.pathSeparator, Arrays.stream(System.getProperty("java.class.path")
                .split(File.pathSeparator)).filter(e -> !e.isBlank()).toList());
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", classPath, "org.ckansync.cli.CkanSyncCli"));
        if (config != null) {
            cmd.addAll(List.of("--config", config.toString()));
        }
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out(label).toFile()).redirectError(err(label).toFile());
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        try {
            return pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the CLI: " + e.getMessage(), e);
        }
    }

    Result run(Path config, String label, String... args) {
        return run(config, label, List.of(), Map.of(), args);
    }

    Result run(Path config, String label, List<String> jvmOptions, Map<String, String> env, String... args) {
        return finished(label, start(config, label, jvmOptions, env, args));
    }

    /** Waits (at most 3 minutes) for a started command and reads what it left. */
    Result finished(String label, Process p) {
        try {
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("ckan-sync " + label + " did not finish in 3 minutes; see " + err(label));
            }
            byte[] o = Files.readAllBytes(out(label));
            byte[] e = Files.readAllBytes(err(label));
            return new Result(p.exitValue(), new String(o, StandardCharsets.UTF_8), new String(e, StandardCharsets.UTF_8), o, e);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Path out(String label) {
        return dir.resolve(label + ".out");
    }

    Path err(String label) {
        return dir.resolve(label + ".err");
    }
}
