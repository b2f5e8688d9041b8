package io.facegate.docs;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every relative link in the repository's Markdown files points at a file or folder that exists, and every
 * {@code #anchor} into a Markdown file names one of its headings (GitHub's slugs). External links (any URL scheme)
 * are not checked. The docs were split out of one README; this keeps the pieces joined.
 */
class DocsLinksTest {

    /** Folders never scanned: build output, VCS data, npm installs. */
    private static final Set<String> SKIPPED_DIRS = Set.of("target", ".git", "node_modules");

    /** {@code [text](target)} and {@code ![alt](target)}, with an optional title; target in {@code <>} or bare. */
    private static final Pattern INLINE_LINK =
            Pattern.compile("!?\\[(?:[^\\[\\]]|\\[[^\\[\\]]*])*]\\(\\s*(<[^>]*>|[^)\\s]+)(?:\\s+\"[^\"]*\")?\\s*\\)");
    /** {@code [ref]: target} definitions of reference-style links. */
    private static final Pattern REFERENCE_DEFINITION = Pattern.compile("^ {0,3}\\[[^\\]]+]:\\s*(<[^>]*>|\\S+)");
    private static final Pattern URL_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
    private static final Pattern ATX_HEADING = Pattern.compile("^ {0,3}#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern HTML_ID = Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~)");
    private static final Pattern INLINE_CODE = Pattern.compile("(`+)(?:(?!\\1).)+?\\1");

    private final Map<Path, Set<String>> anchorCache = new HashMap<>();

    @Test
    void everyRelativeLinkInTheRepositoryResolves() throws IOException {
        Path root = repositoryRoot();
        List<Path> markdown = markdownFiles(root);
        assertThat("no README.md found at the repository root " + root, markdown, hasItem(root.resolve("README.md")));

        List<String> broken = new ArrayList<>();
        for (Path file : markdown) {
            broken.addAll(brokenLinks(root, file));
        }
        assertThat(broken.size() + " broken relative link(s) in " + markdown.size() + " Markdown files:\n  "
                + String.join("\n  ", broken) + "\n", broken, empty());
    }

    @Test
    void slugsFollowGitHub() {
        assertThat(slug("The service unit (`systemd/facegate.service`)"), is("the-service-unit-systemdfacegateservice"));
        assertThat(slug("Accuracy, fp32 vs int8"), is("accuracy-fp32-vs-int8"));
        assertThat(slug("Latency: frame arrival → output change"), is("latency-frame-arrival--output-change"));
        assertThat(slug("Example: a door"), is("example-a-door"));
        assertThat(slug("[Linked](x.md) heading_with_underscore"), is("linked-heading_with_underscore"));
    }

    @Test
    void aBrokenLinkOrAnchorIsReported(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("docs"));
        Files.writeString(dir.resolve("docs/a.md"), "# Title\n\n## Second part\n\n## Second part\n");
        Files.writeString(dir.resolve("README.md"), """
                # Readme
                [ok](docs/a.md) [ok anchor](docs/a.md#second-part) [duplicate](docs/a.md#second-part-1)
                [folder](docs/) [self](#readme) [web](https://example.com/x) [mail](mailto:a@b.c)
                `[in code](missing-in-code.md)`
                ```
                [in a fence](missing-in-fence.md)
                ```
                [missing](docs/missing.md) [bad anchor](docs/a.md#third-part)
                """);
        assertThat(brokenLinks(dir, dir.resolve("README.md")), contains(
                "README.md:8: [docs/missing.md] no such file or folder",
                "README.md:8: [docs/a.md#third-part] no heading with anchor 'third-part' in docs/a.md"));
    }

    /** The repository root: the nearest folder upwards holding {@code .git} (a folder, or a file in a worktree), else
     * the nearest holding a {@code pom.xml} with {@code <modules>}. */
    static Path repositoryRoot() throws IOException {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(".git"))) {
                return dir;
            }
        }
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            if (Files.isRegularFile(pom) && Files.readString(pom).contains("<modules>")) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (.git or aggregator pom.xml) above " + start);
    }

    private static List<Path> markdownFiles(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(root) && SKIPPED_DIRS.contains(dir.getFileName().toString())
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (file.getFileName().toString().toLowerCase().endsWith(".md")) {
                    files.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort(null);
        return files;
    }

    /** One message per broken link of {@code file}: its path from the root, line, target and what is wrong. */
    private List<String> brokenLinks(Path root, Path file) throws IOException {
        List<String> broken = new ArrayList<>();
        String shown = root.relativize(file).toString().replace('\\', '/');
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        boolean inFence = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (FENCE.matcher(line).find()) {
                inFence = !inFence;
                continue;
            }
            if (inFence) {
                continue;
            }
            String text = INLINE_CODE.matcher(line).replaceAll("");
            List<String> targets = new ArrayList<>();
            Matcher inline = INLINE_LINK.matcher(text);
            while (inline.find()) {
                targets.add(inline.group(1));
            }
            Matcher definition = REFERENCE_DEFINITION.matcher(text);
            if (definition.find()) {
                targets.add(definition.group(1));
            }
            for (String target : targets) {
                String problem = check(root, file, target);
                if (problem != null) {
                    broken.add(shown + ":" + (i + 1) + ": [" + target + "] " + problem);
                }
            }
        }
        return broken;
    }

    /** What is wrong with one link target, or null when it resolves or is external. */
    private String check(Path root, Path file, String rawTarget) {
        String target = rawTarget.startsWith("<") ? rawTarget.substring(1, rawTarget.length() - 1) : rawTarget;
        if (target.isEmpty() || URL_SCHEME.matcher(target).find() || target.startsWith("//")) {
            return null;
        }
        int hash = target.indexOf('#');
        String pathPart = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        int query = pathPart.indexOf('?');
        if (query >= 0) {
            pathPart = pathPart.substring(0, query);
        }
        pathPart = URLDecoder.decode(pathPart.replace("+", "%2B"), StandardCharsets.UTF_8);

        Path resolved;
        if (pathPart.isEmpty()) {
            resolved = file;
        } else if (pathPart.startsWith("/")) {
            resolved = root.resolve(pathPart.substring(1)).normalize();
        } else {
            resolved = file.getParent().resolve(pathPart).normalize();
        }
        if (!resolved.startsWith(root)) {
            return "points outside the repository";
        }
        if (!Files.exists(resolved)) {
            return "no such file or folder";
        }
        if (anchor == null || anchor.isEmpty() || !resolved.getFileName().toString().toLowerCase().endsWith(".md")) {
            return null;
        }
        String wanted = URLDecoder.decode(anchor.replace("+", "%2B"), StandardCharsets.UTF_8).toLowerCase();
        if (!anchors(resolved).contains(wanted)) {
            return "no heading with anchor '" + anchor + "' in "
                    + root.relativize(resolved).toString().replace('\\', '/');
        }
        return null;
    }

    /** The anchors GitHub makes for a Markdown file: one per ATX heading (duplicates get -1, -2, …) and HTML ids. */
    private Set<String> anchors(Path markdown) {
        return anchorCache.computeIfAbsent(markdown, path -> {
            try {
                Set<String> anchors = new LinkedHashSet<>();
                Map<String, Integer> seen = new HashMap<>();
                boolean inFence = false;
                for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
                    if (FENCE.matcher(line).find()) {
                        inFence = !inFence;
                        continue;
                    }
                    if (inFence) {
                        continue;
                    }
                    Matcher heading = ATX_HEADING.matcher(line);
                    if (heading.matches()) {
                        String base = slug(heading.group(1));
                        int count = seen.merge(base, 1, Integer::sum);
                        anchors.add(count == 1 ? base : base + "-" + (count - 1));
                    }
                    Matcher id = HTML_ID.matcher(line);
                    while (id.find()) {
                        anchors.add(id.group(1).toLowerCase());
                    }
                }
                return anchors;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * GitHub's heading slug: link syntax reduced to its text, lower case, every character dropped that is not a
     * letter, digit, mark, {@code _}, {@code -} or space, then each space made a {@code -}.
     */
    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)]\\([^)]*\\)", "$1").toLowerCase();
        StringBuilder slug = new StringBuilder();
        text.codePoints().forEach(c -> {
            int type = Character.getType(c);
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_' || type == Character.NON_SPACING_MARK
                    || type == Character.COMBINING_SPACING_MARK || type == Character.ENCLOSING_MARK) {
                slug.appendCodePoint(c);
            } else if (c == ' ') {
                slug.append('-');
            }
        });
        return slug.toString();
    }
}
