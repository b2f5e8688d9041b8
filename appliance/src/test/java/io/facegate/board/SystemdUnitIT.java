package io.facegate.board;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItemInArray;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * systemd/facegate.service as systemd itself judges it: {@code systemd-analyze verify} must print nothing (it exits
 * 0 on unknown keys and bad values, only warning on stderr), and {@code systemd-analyze security} must rate its
 * exposure at most {@value #MAX_EXPOSURE}. Both run against a root laid out as the package installs it, so the
 * commands the unit names exist. Skipped where systemd-analyze is not installed.
 */
class SystemdUnitIT {

    static final double MAX_EXPOSURE = 2.5;

    @TempDir
    static Path root;

    @BeforeAll
    static void installIntoRoot() throws IOException, InterruptedException {
        assumeTrue(Tools.onPath("systemd-analyze"), "systemd-analyze is not installed");
        Path units = Files.createDirectories(root.resolve("usr/lib/systemd"));
        Path hostUnits = Files.isDirectory(Path.of("/usr/lib/systemd/system")) ? Path.of("/usr/lib/systemd/system")
                : Path.of("/lib/systemd/system");
        // The targets the unit refers to (multi-user.target, sysinit.target, ...) as the host has them.
        Tools.Result copy = Tools.run(List.of("cp", "-r", hostUnits.toString(), units.toString()));
        assertThat(copy.stderr(), copy.exit(), is(0));
        Files.copy(Tools.repo().resolve("systemd/facegate.service"),
                Files.createDirectories(root.resolve("etc/systemd/system")).resolve("facegate.service"));
        Path launcher = Files.createDirectories(root.resolve("usr/lib/facegate")).resolve("facegate");
        Files.copy(Tools.repo().resolve("systemd/facegate"), launcher);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void verifyPrintsNothing() throws IOException, InterruptedException {
        Tools.Result verify = Tools.run(List.of("systemd-analyze", "verify", "--root=" + root, "facegate.service"));
        assertThat(verify.stderr(), verify.exit(), is(0));
        assertThat("systemd-analyze verify warnings", verify.stderr() + verify.stdout(), is(""));
    }

    @Test
    void exposureIsAtMostTheThreshold() throws IOException, InterruptedException {
        Tools.Result security = Tools.run(List.of("systemd-analyze", "security", "--offline=true", "--root=" + root,
                // The threshold is in tenths of the printed 0..10 exposure.
                "--threshold=" + Math.round(MAX_EXPOSURE * 10), "--no-pager", "facegate.service"));
        Matcher exposure = Pattern.compile("Overall exposure level for facegate.service: ([0-9.]+)")
                .matcher(security.stdout());
        assertThat(security.stdout(), exposure.find(), is(true));
        System.out.println("systemd-analyze security: exposure " + exposure.group(1));
        assertThat(Double.parseDouble(exposure.group(1)), lessThanOrEqualTo(MAX_EXPOSURE));
        assertThat(security.stderr(), security.exit(), is(0));
    }

    /**
     * Type=notify with a watchdog, and the hardening still lets the JVM send sd_notify's datagram: AF_UNIX is
     * allowed, and socket(2), sendto(2) and close(2) are in the unit's allowed system call sets (expanded by
     * {@code systemd-analyze syscall-filter}) and in none of its denied ones.
     */
    @Test
    void notifyAndWatchdogSurviveTheHardening() throws IOException, InterruptedException {
        List<String> lines = Files.readAllLines(Tools.repo().resolve("systemd/facegate.service"));
        assertThat(lines, hasItem("Type=notify"));
        assertThat(lines, hasItem("NotifyAccess=main"));
        assertThat(lines.stream().anyMatch(l -> l.matches("WatchdogSec=[1-9][0-9]*s")), is(true));
        assertThat(value(lines, "RestrictAddressFamilies").getFirst().split(" "), hasItemInArray("AF_UNIX"));
        Set<String> allowed = new HashSet<>();
        Set<String> denied = new HashSet<>();
        for (String filter : value(lines, "SystemCallFilter")) {
            Set<String> into = filter.startsWith("~") ? denied : allowed;
            for (String entry : filter.replaceFirst("^~", "").split(" ")) {
                into.addAll(expand(entry));
            }
        }
        for (String call : List.of("socket", "sendto", "close")) {
            assertThat(call + " allowed", allowed.contains(call), is(true));
            assertThat(call + " denied", denied.contains(call), is(false));
        }
    }

    private static List<String> value(List<String> lines, String key) {
        return lines.stream().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1)).toList();
    }

    /** The system calls of {@code entry}: itself, or a @set with its nested sets expanded. */
    private static Set<String> expand(String entry) throws IOException, InterruptedException {
        if (!entry.startsWith("@")) {
            return Set.of(entry);
        }
        Tools.Result set = Tools.run(List.of("systemd-analyze", "syscall-filter", "--no-pager", entry));
        assertThat(set.stderr(), set.exit(), is(0));
        Set<String> calls = new HashSet<>();
        for (String line : set.stdout().lines().skip(1).map(String::strip).toList()) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                calls.addAll(expand(line));
            }
        }
        return calls;
    }

    @Test
    void theJitStaysAllowedAndTheLauncherParses() throws IOException, InterruptedException {
        String unit = Files.readString(Tools.repo().resolve("systemd/facegate.service"));
        assertThat("the JIT writes executable code", unit, not(containsString("\nMemoryDenyWriteExecute=yes")));
        Tools.Result syntax = Tools.run(List.of("sh", "-n", Tools.repo().resolve("systemd/facegate").toString()));
        assertThat(syntax.stderr(), syntax.exit(), is(0));
    }
}
