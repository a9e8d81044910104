package dev.dromedary.routefiles;

import dev.dromedary.changes.ConfigChange;
import dev.dromedary.changes.ConfigChanges;
import dev.dromedary.config.DromedaryProperties;
import dev.dromedary.error.BridgeException;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The YAML route files and the routes each one runs. Built-in files come from {@code classpath:routes/}; a file of
 * the operators' directory with the same name replaces the built-in one (deleting it brings the built-in back),
 * any other name adds routes. A change reloads the routes of that file only ({@link RouteSwapper}), after the new
 * version passed {@link RouteFileParser} and the checks across files (a route id or an HTTP path or direct
 * endpoint belongs to one file). Each applied change is recorded in {@link ConfigChanges} with who made it.
 * <p>
 * Changes come from the admin API (which also writes the directory, so both agree) and from
 * {@link RouteDirectoryWatcher}; one at a time. A file the watcher finds invalid is not applied and is reported
 * once per content, while the running version stays.
 */
@Component
public class RouteFiles implements CamelContextConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(RouteFiles.class);

    public static final String ACTOR_FILE = "file";
    static final String JAVA_ROUTES = "the application's Java routes";

    /** A route file as it runs: the built-in version, the operators' one (which wins), and its routes. */
    public record LoadedFile(String name, String builtIn, String operator, List<String> routeIds) {
        public String content() {
            return operator != null ? operator : builtIn;
        }

        public String source() {
            return operator != null ? "operator" : "built-in";
        }
    }

    /** A file of the directory that was not applied, and why. */
    public record Rejection(String content, String message, Instant at) {
    }

    /**
     * What a change did.
     *
     * @param file   the file as it runs now; null when it has no routes any more
     * @param change the change as recorded; null when nothing changed (or it could not be recorded)
     */
    public record Outcome(LoadedFile file, ConfigChange change, boolean created) {
    }

    private final CamelContext camel;
    private final RouteFileParser parser;
    private final RouteSwapper swapper;
    private final RouteDirectory directory;
    private final ConfigChanges changes;
    private final Duration retryBusyAfter;
    private final Map<String, String> builtIns;
    private final Map<String, List<String>> builtInRouteIds = new HashMap<>();

    private final ReentrantLock lock = new ReentrantLock();
    /** Replaced whole under the lock, so readers (the admin listing) never wait for a reload. */
    private volatile Map<String, LoadedFile> files = Map.of();
    private final Map<String, Rejection> rejections = new ConcurrentHashMap<>();
    private final Map<String, Instant> busyUntil = new ConcurrentHashMap<>();

    public RouteFiles(CamelContext camel, RouteFileParser parser, RouteSwapper swapper, RouteDirectory directory,
                      ConfigChanges changes, DromedaryProperties props) {
        this.camel = camel;
        this.parser = parser;
        this.swapper = swapper;
        this.directory = directory;
        this.changes = changes;
        this.retryBusyAfter = props.routes().drainTimeout().plus(props.routes().pollInterval());
        this.builtIns = readBuiltIns();
    }

    private static Map<String, String> readBuiltIns() {
        Map<String, String> out = new TreeMap<>();
        try {
            for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath:routes/*.camel.yaml")) {
                out.put(r.getFilename(), r.getContentAsString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in routes", e);
        }
        return out;
    }

    // ---- start-up ----

    /** Loads every file before Camel starts its routes: an invalid file stops the start, naming the file. */
    @Override
    public void beforeApplicationStart(CamelContext context) {
        lock.lock();
        try {
            for (Map.Entry<String, String> b : builtIns.entrySet()) {
                builtInRouteIds.put(b.getKey(), parseOrFail(b.getKey(), false, b.getValue()).routeIds());
            }
            Map<String, String> operator = directory.read();
            Map<String, ParsedRouteFile> parsed = new TreeMap<>();
            Map<String, LoadedFile> loaded = new TreeMap<>();
            for (String name : new TreeSet<>(union(builtIns.keySet(), operator.keySet()))) {
                String own = operator.get(name);
                ParsedRouteFile file = parseOrFail(name, own != null, own != null ? own : builtIns.get(name));
                try {
                    if (own != null) {
                        checkKeepsBuiltInRoutes(name, file);
                    }
                    checkAgainstOthers(name, file, parsed);
                } catch (BridgeException e) {
                    throw new IllegalStateException(describe(name, own != null) + " cannot be loaded: "
                            + e.getMessage());
                }
                parsed.put(name, file);
                loaded.put(name, new LoadedFile(name, builtIns.get(name), own, file.routeIds()));
            }
            Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
            for (ParsedRouteFile file : parsed.values()) {
                model.addRouteDefinitions(file.routes());
            }
            files = Map.copyOf(loaded);
            for (LoadedFile file : loaded.values()) {
                if (file.operator() != null) {
                    // changed while the service was down (or never recorded): the history shows what runs
                    record(file.name(), "create", ACTOR_FILE, file.builtIn(), file.operator());
                }
            }
            LOG.info("Route files: {}", loaded.values().stream().map(f -> f.name() + " (" + f.source() + ")").toList());
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void afterApplicationStart(CamelContext context) {
        // nothing: the directory watcher starts on its own and waits for Camel
    }

    private ParsedRouteFile parseOrFail(String name, boolean operator, String content) {
        try {
            return parser.parse(name, location(name, operator), content);
        } catch (BridgeException e) {
            throw new IllegalStateException(describe(name, operator) + " is not valid: " + e.getMessage()
                    + (operator ? " (fix or remove the file; a running service keeps its routes on such a change)" : ""));
        }
    }

    private String describe(String name, boolean operator) {
        return operator ? "Route file " + directory.path().resolve(name) : "Built-in route file " + name;
    }

    private String location(String name, boolean operator) {
        return operator ? "file:" + directory.path().resolve(name) : "classpath:routes/" + name;
    }

    // ---- reading ----

    /** Whether the routes run, so that changes can be applied (not while Camel starts or stops). */
    public boolean running() {
        return camel.isStarted();
    }

    public List<LoadedFile> files() {
        return new ArrayList<>(new TreeMap<>(files).values());
    }

    public LoadedFile file(String name) {
        return files.get(name);
    }

    public Map<String, Rejection> rejections() {
        return new TreeMap<>(rejections);
    }

    /** The file a route comes from, or null for the application's Java routes. */
    public String fileOf(String routeId) {
        for (LoadedFile f : files.values()) {
            if (f.routeIds().contains(routeId)) {
                return f.name();
            }
        }
        return null;
    }

    public RouteDirectory directory() {
        return directory;
    }

    // ---- changes through the admin API: the directory is written too ----

    public Outcome put(String name, String content, String actor) {
        RouteFileName.check(name);
        lock.lock();
        try {
            LoadedFile current = files.get(name);
            String action = current == null || current.operator() == null ? "create" : "update";
            return change(name, content, actor, action, true);
        } finally {
            lock.unlock();
        }
    }

    public Outcome delete(String name, String actor) {
        RouteFileName.check(name);
        lock.lock();
        try {
            LoadedFile current = files.get(name);
            if (current == null || current.operator() == null) {
                throw BridgeException.notFound("no route file '" + name + "' in the routes directory"
                        + (builtIns.containsKey(name) ? " (a built-in file cannot be deleted, only replaced)" : ""));
            }
            return change(name, null, actor, "delete", true);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Restores the version before the current one, as recorded: the content of the previous change, or no
     * operators' file at all when the current version is the first one recorded.
     */
    public Outcome rollback(String name, String actor) {
        RouteFileName.check(name);
        lock.lock();
        try {
            List<ConfigChange> last = changes.history(ConfigChanges.ROUTE, name, 2);
            if (last.isEmpty()) {
                throw BridgeException.notFound("no recorded change of route file '" + name + "' to roll back");
            }
            String previous = last.size() > 1 ? last.get(1).content() : null;
            return change(name, previous, actor, "rollback", true);
        } finally {
            lock.unlock();
        }
    }

    // ---- changes found in the directory ----

    /**
     * Reads the directory and applies what changed, for the files that read the same as in {@code previous} (so
     * that a file being written is not applied half-way). Reading under the lock matters: a snapshot taken before
     * an admin change would otherwise undo it. Skipped while an admin change holds the lock.
     *
     * @param previous what the previous call returned; null the first time
     * @return the directory as read now, for the next call
     */
    Map<String, String> sync(Map<String, String> previous) {
        if (!lock.tryLock()) {
            return previous;
        }
        try {
            Map<String, String> now = directory.read();
            if (previous == null) {
                return now;
            }
            Set<String> names = new TreeSet<>(now.keySet());
            names.addAll(previous.keySet());
            files.values().stream().filter(f -> f.operator() != null).forEach(f -> names.add(f.name()));
            names.addAll(rejections.keySet());
            for (String name : names) {
                if (Objects.equals(now.get(name), previous.get(name))) {
                    syncOne(name, now.get(name));
                }
            }
            return now;
        } finally {
            lock.unlock();
        }
    }

    private void syncOne(String name, String onDisk) {
        LoadedFile current = files.get(name);
        String applied = current == null ? null : current.operator();
        if (Objects.equals(applied, onDisk)) {
            rejections.remove(name);
            busyUntil.remove(name);
            return;
        }
        Rejection rejected = rejections.get(name);
        if (rejected != null && Objects.equals(rejected.content(), onDisk)) {
            return;
        }
        Instant busy = busyUntil.get(name);
        if (busy != null && Instant.now().isBefore(busy)) {
            return;
        }
        String action = onDisk == null ? "delete" : applied == null ? "create" : "update";
        try {
            change(name, onDisk, ACTOR_FILE, action, false);
            busyUntil.remove(name);
        } catch (BridgeException e) {
            if (e.status() == 503) {
                busyUntil.put(name, Instant.now().plus(retryBusyAfter));
                LOG.warn("Route file {} not reloaded yet, will retry: {}", name, e.getMessage());
            } else {
                rejections.put(name, new Rejection(onDisk, e.getMessage(), Instant.now()));
                LOG.error("Route file {} not applied; the running version stays: {}", directory.path().resolve(name),
                        e.getMessage());
            }
        }
    }

    // ---- the change itself ----

    /**
     * Makes {@code newOperator} the operators' version of the file (null: none, so the built-in one runs, if any),
     * reloading the file's routes. Nothing changes unless every check passes and the new routes start.
     */
    private Outcome change(String name, String newOperator, String actor, String action, boolean writeFile) {
        LoadedFile current = files.get(name);
        String oldOperator = current == null ? null : current.operator();
        if (Objects.equals(oldOperator, newOperator)) {
            return new Outcome(current, null, false);
        }
        String newContent = newOperator != null ? newOperator : builtIns.get(name);
        ParsedRouteFile parsed = null;
        if (newContent != null) {
            parsed = parser.parse(name, location(name, newOperator != null), newContent);
            if (newOperator != null) {
                checkKeepsBuiltInRoutes(name, parsed);
            }
            checkAgainstOthers(name, parsed, Map.of());
        }
        if (writeFile) {
            writeOrDelete(name, newOperator);
        }
        long started = System.nanoTime();
        try {
            swapper.swap(name, current == null ? List.of() : current.routeIds(),
                    parsed == null ? List.of() : parsed.routes(),
                    () -> current == null ? List.of()
                            : parser.parse(name, location(name, oldOperator != null), current.content()).routes());
        } catch (RuntimeException e) {
            if (writeFile) {
                writeOrDelete(name, oldOperator);
            }
            throw e;
        }
        LoadedFile now = parsed == null ? null : new LoadedFile(name, builtIns.get(name), newOperator, parsed.routeIds());
        Map<String, LoadedFile> next = new HashMap<>(files);
        if (now == null) {
            next.remove(name);
        } else {
            next.put(name, now);
        }
        files = Map.copyOf(next);
        rejections.remove(name);
        LOG.info("Route file {} {} by {}: routes {} replaced by {} in {} ms", name, action, actor,
                current == null ? List.of() : current.routeIds(), now == null ? List.of() : now.routeIds(),
                (System.nanoTime() - started) / 1_000_000);
        ConfigChange change = record(name, action, actor, current == null ? null : current.content(), newOperator);
        return new Outcome(now, change, oldOperator == null && newOperator != null);
    }

    private void writeOrDelete(String name, String content) {
        if (content == null) {
            directory.delete(name);
        } else {
            directory.write(name, content);
        }
    }

    /**
     * A file replacing a built-in one keeps the built-in's routes: other routes call them ({@code direct:}), or
     * they are the API itself. Without this a typo in an override would take the whole API down.
     */
    private void checkKeepsBuiltInRoutes(String name, ParsedRouteFile parsed) {
        List<String> required = builtInRouteIds.getOrDefault(name, List.of());
        List<String> missing = required.stream().filter(id -> !parsed.routeIds().contains(id)).toList();
        if (!missing.isEmpty()) {
            throw BridgeException.invalidRequest(name + ": replaces the built-in " + name + " and must keep its "
                    + "routes " + required + " (other routes rely on them); missing: " + missing);
        }
    }

    /**
     * Route ids, HTTP paths and direct endpoints belong to one file (or to the Java routes): two would replace or
     * shadow each other.
     *
     * @param pending files parsed but not running yet (at start-up)
     */
    private void checkAgainstOthers(String name, ParsedRouteFile parsed, Map<String, ParsedRouteFile> pending) {
        Map<String, String> idOwners = new HashMap<>();
        Map<String, String> consumerOwners = new LinkedHashMap<>();
        for (LoadedFile f : files.values()) {
            if (!f.name().equals(name)) {
                f.routeIds().forEach(id -> idOwners.put(id, "file " + f.name()));
            }
        }
        for (ParsedRouteFile f : pending.values()) {
            f.routeIds().forEach(id -> idOwners.put(id, "file " + f.name()));
            for (int i = 0; i < f.routes().size(); i++) {
                if (f.consumerKeys().get(i) != null) {
                    consumerOwners.put(f.consumerKeys().get(i), "route '" + f.routeIds().get(i) + "' of file " + f.name());
                }
            }
        }
        List<String> own = files.containsKey(name) ? files.get(name).routeIds() : List.of();
        for (RouteDefinition d : camel.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions()) {
            if (!own.contains(d.getRouteId())) {
                idOwners.putIfAbsent(d.getRouteId(), JAVA_ROUTES);
            }
        }
        for (Route r : camel.getRoutes()) {
            String key = RouteFileParser.consumerKey(r.getEndpoint());
            if (key != null && !own.contains(r.getId())) {
                String file = fileOf(r.getId());
                consumerOwners.put(key, "route '" + r.getId() + "' of " + (file == null ? JAVA_ROUTES : "file " + file));
            }
        }
        for (int i = 0; i < parsed.routes().size(); i++) {
            String id = parsed.routeIds().get(i);
            if (idOwners.containsKey(id)) {
                throw BridgeException.invalidRequest(name + ": route id '" + id + "' belongs to " + idOwners.get(id));
            }
            String key = parsed.consumerKeys().get(i);
            if (key != null && consumerOwners.containsKey(key)) {
                throw BridgeException.invalidRequest(name + ": route '" + id + "' consumes from " + key
                        + ", which " + consumerOwners.get(key) + " already does");
            }
        }
    }

    /**
     * Records a change. The watcher of each replica sees the same file change, and sees the admin API's writes:
     * what the history already ends with is not recorded again.
     */
    private ConfigChange record(String name, String action, String actor, String before, String after) {
        try {
            if (ACTOR_FILE.equals(actor)) {
                List<ConfigChange> last = changes.history(ConfigChanges.ROUTE, name, 1);
                if (last.isEmpty() ? after == null : Objects.equals(last.getFirst().content(), after)) {
                    return last.isEmpty() ? null : last.getFirst();
                }
                if ("create".equals(action) && !last.isEmpty() && last.getFirst().content() != null) {
                    // found at start-up, replacing the version recorded last: the diff is against that one
                    action = "update";
                    before = last.getFirst().content();
                }
            }
            return changes.record(ConfigChanges.ROUTE, name, action, actor, before, after);
        } catch (DataAccessException e) {
            LOG.error("Change of route file {} ({} by {}) applied but not recorded: {}", name, action, actor,
                    e.getMessage());
            return null;
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.addAll(b);
        return out;
    }
}
