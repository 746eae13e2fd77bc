import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Assembles the docs site of scripts/docs.sh and checks its links: {@code java scripts/DocsSite.java <site>
 * <readme.html> <module>...}. Writes {@code <site>/index.html} from the README rendered to HTML (headings get
 * GitHub's anchors, links to repository files point into the checkout), with links to each module's API docs
 * ({@code api/<module>/index.html}) and the facade's Javadoc; then follows every relative link and anchor of every
 * page and exits with 1, listing them, when any is broken.
 */
public final class DocsSite {
    private static final Pattern HEADING = Pattern.compile("<h([1-6])>(.*?)</h\\1>", Pattern.DOTALL);
    private static final Pattern LINK = Pattern.compile("(?:href|src)=\"([^\"]*)\"");
    private static final Pattern ID = Pattern.compile("(?:id|name)=\"([^\"]+)\"");
    private static final Pattern TAG = Pattern.compile("<[^>]+>");

    private DocsSite() {
    }

    public static void main(String[] args) throws IOException {
        Path site = Path.of(args[0]);
        String readme = Files.readString(Path.of(args[1]));
        List<String> modules = List.of(args).subList(2, args.length);
        Files.writeString(site.resolve("index.html"), page(anchored(repositoryLinks(readme)), modules));
        List<String> broken = check(site);
        if (!broken.isEmpty()) {
            System.err.println(broken.size() + " broken links in the docs site:");
            broken.stream().limit(200).forEach(b -> System.err.println("  " + b));
            System.exit(1);
        }
        System.out.println("Docs site checked: every relative link and anchor resolves");
    }

    private static String page(String body, List<String> modules) {
        StringBuilder nav = new StringBuilder("<nav><h2>API reference</h2><ul>");
        nav.append("<li><a href=\"javadoc/index.html\">switchboard-java (Javadoc)</a></li>");
        for (String m : modules) nav.append("<li><a href=\"api/").append(m).append("/index.html\">").append(m).append("</a></li>");
        nav.append("</ul></nav>");
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Switchboard</title>"
            + "<style>body{font-family:sans-serif;max-width:60rem;margin:auto;padding:1rem;line-height:1.5}"
            + "pre{background:#f4f4f4;padding:.5rem;overflow:auto}table{border-collapse:collapse}"
            + "td,th{border:1px solid #ccc;padding:.2rem .4rem;vertical-align:top}</style></head><body>\n"
            + nav + "\n<main>\n" + body + "\n</main></body></html>\n";
    }

    /** Links to repository files (not anchors, not absolute URLs) point into the checkout, two levels up. */
    private static String repositoryLinks(String html) {
        Matcher m = LINK.matcher(html);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String target = m.group(1);
            String replaced = external(target) || target.startsWith("#") ? m.group() : m.group().replace(target, "../../" + target);
            m.appendReplacement(out, Matcher.quoteReplacement(replaced));
        }
        return m.appendTail(out).toString();
    }

    /** Gives each heading the id GitHub gives it, so that the README's {@code (#section)} links work here too. */
    private static String anchored(String html) {
        Map<String, Integer> seen = new HashMap<>();
        Matcher m = HEADING.matcher(html);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String text = TAG.matcher(m.group(2)).replaceAll("").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&quot;", "\"").replace("&#39;", "'");
            String slug = text.trim().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            int n = seen.merge(slug, 1, Integer::sum) - 1;
            String id = n == 0 ? slug : slug + "-" + n;
            m.appendReplacement(out, Matcher.quoteReplacement("<h" + m.group(1) + " id=\"" + id + "\">" + m.group(2) + "</h" + m.group(1) + ">"));
        }
        return m.appendTail(out).toString();
    }

    private static boolean external(String target) {
        return target.isEmpty() || target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") || target.startsWith("//");
    }

    private static List<String> check(Path site) throws IOException {
        List<String> broken = new ArrayList<>();
        Map<Path, Set<String>> ids = new HashMap<>();
        try (Stream<Path> files = Files.walk(site)) {
            for (Path page : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".html"))::iterator) {
                String html = Files.readString(page, StandardCharsets.UTF_8);
                Matcher m = LINK.matcher(html);
                while (m.find()) {
                    String target = m.group(1).replace("&amp;", "&");
                    if (external(target) || target.equals("#") || target.startsWith("###")) continue;
                    int hash = target.indexOf('#');
                    String file = hash < 0 ? target : target.substring(0, hash);
                    String anchor = hash < 0 ? null : target.substring(hash + 1);
                    int query = file.indexOf('?');
                    if (query >= 0) file = file.substring(0, query);
                    Path resolved = file.isEmpty() ? page : page.getParent().resolve(decode(file)).normalize();
                    if (!Files.exists(resolved)) {
                        broken.add(site.relativize(page) + ": " + target);
                    } else if (anchor != null && !anchor.isEmpty() && resolved.toString().endsWith(".html")
                        && !ids.computeIfAbsent(resolved, DocsSite::idsOf).contains(decode(anchor))) {
                        broken.add(site.relativize(page) + ": " + target + " (no such anchor)");
                    }
                }
            }
        }
        return broken;
    }

    private static Set<String> idsOf(Path page) {
        try {
            Set<String> out = new HashSet<>();
            Matcher m = ID.matcher(Files.readString(page, StandardCharsets.UTF_8));
            while (m.find()) out.add(unescape(m.group(1)));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
