package dev.dromedary.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.dromedary.changes.ConfigChange;
import dev.dromedary.changes.ConfigChanges;
import dev.dromedary.error.BridgeException;
import dev.dromedary.processor.HttpReply;
import dev.dromedary.routefiles.RouteFileName;
import dev.dromedary.routefiles.RouteFiles;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.stereotype.Component;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The YAML routes through the admin API:
 * <ul>
 * <li>{@code GET /admin/api/routes}: every route (id, file, source, status, version) and every file;</li>
 * <li>{@code GET /admin/api/routes/{file}}: the file as it runs;</li>
 * <li>{@code PUT /admin/api/routes/{file}}: validates the YAML body, writes it to the routes directory and reloads
 * that file's routes (a broken file is a 400 with the parser's message, and nothing changes);</li>
 * <li>{@code DELETE /admin/api/routes/{file}}: removes an operators' file (a built-in one it replaced comes back);</li>
 * <li>{@code POST /admin/api/routes/{file}/rollback}: restores the version before the current one;</li>
 * <li>{@code GET /admin/api/routes/{file}/history}: the recorded changes, newest first, with diffs.</li>
 * </ul>
 * Changes are recorded with the actor {@code admin@<client address>}.
 */
@Component("routesAdmin")
public class RoutesAdmin implements Processor {

    static final String BASE = "/admin/api/routes";

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RouteView(String id, String file, String source, String status, Integer version) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RejectionView(String message, String at) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record FileView(String name, String source, boolean replacesBuiltIn, int version, List<String> routes,
                           RejectionView rejected) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Listing(String dir, boolean writable, List<FileView> files, List<RouteView> routes) {
    }

    /** What a change answers: the file as it runs now (null once gone) and the change as recorded. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Changed(String name, FileView file, ConfigChange change) {
    }

    private final RouteFiles files;
    private final ConfigChanges changes;
    private final CamelContext camel;

    public RoutesAdmin(RouteFiles files, ConfigChanges changes, CamelContext camel) {
        this.files = files;
        this.changes = changes;
        this.camel = camel;
    }

    @Override
    public void process(Exchange exchange) {
        String method = exchange.getIn().getHeader(Exchange.HTTP_METHOD, String.class);
        String[] path = path(exchange);
        if (path.length == 0) {
            HttpReply.json(exchange, 200, listing());
            return;
        }
        String name = RouteFileName.check(path[0]);
        String action = path.length > 1 ? path[1] : "";
        switch (method + " " + action) {
            case "GET " -> content(exchange, name);
            case "PUT " -> changed(exchange, name, files.put(name, body(exchange), AdminRequests.actor(exchange)), true);
            case "DELETE " -> changed(exchange, name, files.delete(name, AdminRequests.actor(exchange)), false);
            case "POST rollback" -> changed(exchange, name, files.rollback(name, AdminRequests.actor(exchange)), false);
            case "GET history" -> {
                int limit = StatsParams.read(exchange, Set.of("limit")).integer("limit", 20, 1, 100);
                HttpReply.json(exchange, 200, Map.of("name", name,
                        "changes", changes.history(ConfigChanges.ROUTE, name, limit)));
            }
            default -> throw BridgeException.notFound("no such admin endpoint: " + method + " "
                    + String.join("/", path));
        }
    }

    /** The segments after /admin/api/routes, from the request line: path parameters share a map with headers. */
    private static String[] path(Exchange exchange) {
        String uri = exchange.getIn() instanceof PlatformHttpMessage m && m.getRequest() != null
                ? m.getRequest().getRequestURI() : exchange.getIn().getHeader(Exchange.HTTP_PATH, String.class);
        String rest = uri == null || uri.length() <= BASE.length() ? "" : uri.substring(BASE.length() + 1);
        if (rest.isEmpty()) {
            return new String[0];
        }
        String[] parts = rest.split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            parts[i] = URLDecoder.decode(parts[i], StandardCharsets.UTF_8);
        }
        return parts;
    }

    private static String body(Exchange exchange) {
        String body = exchange.getIn().getBody(String.class);
        if (body == null || body.isBlank()) {
            throw BridgeException.invalidRequest("the request body is the route file: YAML with at least one route");
        }
        return body;
    }

    private void content(Exchange exchange, String name) {
        RouteFiles.LoadedFile file = files.file(name);
        if (file == null) {
            throw BridgeException.notFound("no route file '" + name + "'");
        }
        HttpReply.start(exchange, 200, "application/yaml");
        exchange.getMessage().setBody(file.content().getBytes(StandardCharsets.UTF_8));
    }

    private void changed(Exchange exchange, String name, RouteFiles.Outcome outcome, boolean mayCreate) {
        FileView view = outcome.file() == null ? null : view(outcome.file(), files.rejections().get(name));
        HttpReply.json(exchange, mayCreate && outcome.created() ? 201 : 200, new Changed(name, view, outcome.change()));
    }

    private Listing listing() {
        Map<String, Integer> versions = new HashMap<>();
        List<FileView> fileViews = new ArrayList<>();
        Map<String, RouteFiles.Rejection> rejections = files.rejections();
        for (RouteFiles.LoadedFile f : files.files()) {
            FileView v = view(f, rejections.get(f.name()));
            versions.put(f.name(), v.version());
            fileViews.add(v);
        }
        rejections.forEach((name, r) -> {
            if (files.file(name) == null) {
                fileViews.add(new FileView(name, "operator", false, version(name), List.of(), rejection(r)));
            }
        });
        fileViews.sort(Comparator.comparing(FileView::name));
        List<RouteView> routes = new ArrayList<>();
        for (Route r : camel.getRoutes()) {
            String file = files.fileOf(r.getId());
            ServiceStatus status = camel.getRouteController().getRouteStatus(r.getId());
            routes.add(new RouteView(r.getId(), file,
                    file == null ? "java" : files.file(file).source(),
                    status == null ? "Unknown" : status.name(), file == null ? null : versions.get(file)));
        }
        routes.sort(Comparator.comparing((RouteView r) -> r.file() == null ? "~" : r.file()).thenComparing(RouteView::id));
        return new Listing(files.directory().path().toString(), files.directory().writable(), fileViews, routes);
    }

    private FileView view(RouteFiles.LoadedFile f, RouteFiles.Rejection rejected) {
        return new FileView(f.name(), f.source(), f.operator() != null && f.builtIn() != null, version(f.name()),
                f.routeIds(), rejected == null ? null : rejection(rejected));
    }

    /** The number of the file's latest recorded change; 0 for a built-in file as shipped. */
    private int version(String name) {
        List<ConfigChange> last = changes.history(ConfigChanges.ROUTE, name, 1);
        return last.isEmpty() ? 0 : last.getFirst().version();
    }

    private static RejectionView rejection(RouteFiles.Rejection r) {
        return new RejectionView(r.message(), r.at().toString());
    }
}
