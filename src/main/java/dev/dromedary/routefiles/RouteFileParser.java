package dev.dromedary.routefiles;

import dev.dromedary.error.BridgeException;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.direct.DirectEndpoint;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.seda.SedaEndpoint;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.FilterDefinition;
import org.apache.camel.model.HasExpressionType;
import org.apache.camel.model.OptionalIdentifiedDefinition;
import org.apache.camel.model.ProcessDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.ThrowExceptionDefinition;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.model.WhenDefinition;
import org.apache.camel.model.language.ExpressionDefinition;
import org.apache.camel.spi.Language;
import org.apache.camel.spi.RoutesBuilderLoader;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates a route file before anything runs it: YAML syntax, then Camel's YAML DSL, then what the routes refer
 * to (beans, endpoints, exception types, {@code simple} expressions). A file that passes is turned into route
 * definitions; one that does not is a 400 with the parser's own message, naming the file and, where the parser
 * knows it, the line. Parsing has no effect on the running routes.
 * <p>
 * Only {@code - route:} entries are accepted, each with an {@code id}: a reload replaces routes by id, and other
 * top-level entries ({@code beans}, {@code errorHandler}, {@code routeConfiguration}, …) change the whole context
 * the moment they are read, which a file that may still be rejected must not do.
 */
@Component
public class RouteFileParser {

    /** Route files are small; anything larger is a mistake (a log file, a binary) rather than routes. */
    static final int MAX_BYTES = 256 * 1024;

    private final CamelContext camel;

    public RouteFileParser(CamelContext camel) {
        this.camel = camel;
    }

    /**
     * @param location where the routes say they come from in Camel's logs and errors ({@code classpath:…},
     *                 {@code file:…})
     */
    public ParsedRouteFile parse(String name, String location, String content) {
        if (content.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new BridgeException(413, "request_too_large", name + ": a route file may have at most "
                    + MAX_BYTES / 1024 + " KB");
        }
        checkShape(name, content);
        List<RouteDefinition> routes = load(name, location, content);
        Set<String> ids = new HashSet<>();
        List<String> consumers = new ArrayList<>();
        for (RouteDefinition route : routes) {
            String id = route.hasCustomIdAssigned() ? route.getRouteId() : null;
            if (id == null || id.isBlank()) {
                throw invalid(name, "every route needs an id (reloads replace routes by id): "
                        + "the route from " + route.getInput().getEndpointUri() + " has none");
            }
            if (!ids.add(id)) {
                throw invalid(name, "route id '" + id + "' is used twice");
            }
            consumers.add(consumerKey(endpoint(name, id, route.getInput().getEndpointUri())));
            checkReferences(name, id, route);
        }
        return new ParsedRouteFile(name, content, List.copyOf(routes), consumers);
    }

    /** A YAML list of {@code route:} entries, read with the YAML parser Camel's DSL uses. */
    private static void checkShape(String name, String content) {
        Object doc;
        try {
            doc = new Load(LoadSettings.builder().setLabel(name).build()).loadFromString(content);
        } catch (RuntimeException e) {
            throw invalid(name, "not valid YAML: " + e.getMessage());
        }
        if (!(doc instanceof List<?> entries) || entries.isEmpty()) {
            throw invalid(name, "a route file is a YAML list of '- route:' entries, and has at least one");
        }
        for (int i = 0; i < entries.size(); i++) {
            if (!(entries.get(i) instanceof Map<?, ?> entry) || entry.size() != 1 || !entry.containsKey("route")) {
                Object what = entries.get(i) instanceof Map<?, ?> m ? m.keySet() : entries.get(i);
                throw invalid(name, "entry " + (i + 1) + " is " + what + ": only '- route:' entries can be "
                        + "reloaded (beans, error handlers and route configurations belong to the application)");
            }
        }
    }

    private List<RouteDefinition> load(String name, String location, String content) {
        try {
            RoutesBuilderLoader loader = PluginHelper.getRoutesLoader(camel).getRoutesLoader("yaml");
            RouteBuilder builder = (RouteBuilder) loader.loadRoutesBuilder(ResourceHelper.fromString(location, content));
            return new ArrayList<>(builder.configureRoutes(camel).getRoutes());
        } catch (Exception e) {
            throw invalid(name, messages(e));
        }
    }

    private void checkReferences(String name, String routeId, RouteDefinition route) {
        for (ProcessorDefinition<?> step : route.getOutputs()) {
            visit(name, routeId, step);
        }
    }

    /** A step and every step inside it (choices, filters, splits, tries). */
    private void visit(String name, String routeId, ProcessorDefinition<?> node) {
        String where = where(routeId, node);
        switch (node) {
            case ProcessDefinition p when p.getRef() != null -> bean(name, where, p.getRef());
            case BeanDefinition b when b.getRef() != null -> bean(name, where, b.getRef());
            case BeanDefinition b when b.getBeanType() != null -> type(name, where, b.getBeanType());
            case ToDefinition to -> endpoint(name, routeId, to.getEndpointUri());
            case ThrowExceptionDefinition t when t.getExceptionType() != null -> {
                type(name, where, t.getExceptionType());
                if (t.getMessage() != null) {
                    simple(name, where, t.getMessage(), false);
                }
            }
            default -> {
            }
        }
        expression(name, where, node, node instanceof FilterDefinition);
        if (node instanceof ChoiceDefinition choice) {
            // a choice's outputs are its branches' steps; the conditions come with the branches
            for (WhenDefinition when : choice.getWhenClauses()) {
                expression(name, where(routeId, when), when, true);
                when.getOutputs().forEach(step -> visit(name, routeId, step));
            }
            if (choice.getOtherwise() != null) {
                choice.getOtherwise().getOutputs().forEach(step -> visit(name, routeId, step));
            }
            return;
        }
        node.getOutputs().forEach(step -> visit(name, routeId, step));
    }

    private static String where(String routeId, OptionalIdentifiedDefinition<?> node) {
        return "route '" + routeId + "'" + (node.hasCustomIdAssigned() ? ", step '" + node.getId() + "'" : "") + ": ";
    }

    private void expression(String name, String where, Object node, boolean predicate) {
        if (node instanceof HasExpressionType h && h.getExpressionType() instanceof ExpressionDefinition e
                && "simple".equals(e.getLanguage()) && e.getExpression() != null) {
            simple(name, where, e.getExpression(), predicate);
        }
    }

    private void bean(String name, String where, String ref) {
        String bean = ref.startsWith("#bean:") ? ref.substring(6) : ref.startsWith("#") ? ref.substring(1) : ref;
        if (camel.getRegistry().lookupByName(bean) == null) {
            throw invalid(name, where + "no bean named '" + bean + "'");
        }
    }

    private void type(String name, String where, String type) {
        if (camel.getClassResolver().resolveClass(type) == null) {
            throw invalid(name, where + "no class " + type);
        }
    }

    private void simple(String name, String where, String text, boolean predicate) {
        try {
            Language simple = camel.resolveLanguage("simple");
            if (predicate) {
                simple.createPredicate(text);
            } else {
                simple.createExpression(text);
            }
        } catch (RuntimeException e) {
            throw invalid(name, where + messages(e));
        }
    }

    private Endpoint endpoint(String name, String routeId, String uri) {
        try {
            return camel.getEndpoint(uri);
        } catch (RuntimeException e) {
            throw invalid(name, "route '" + routeId + "': " + messages(e));
        }
    }

    /**
     * What a route consumes from, where a second consumer would shadow or compete with the first: the same key on
     * two routes is a conflict. platform-http by path (the request path decides the route, whatever the options);
     * direct and seda by name (a team route on {@code seda:usage-records} would take the usage records away).
     */
    static String consumerKey(Endpoint endpoint) {
        return switch (endpoint) {
            case PlatformHttpEndpoint http -> "platform-http:" + http.getPath();
            case DirectEndpoint direct -> direct.getEndpointBaseUri();
            case SedaEndpoint seda -> seda.getEndpointBaseUri();
            case null, default -> null;
        };
    }

    /** The chain of messages down to the root cause, without repeats: Camel wraps the parser's own message. */
    static String messages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        Set<String> seen = new HashSet<>();
        for (Throwable t = e; t != null && seen.size() < 5; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && !m.isBlank() && seen.add(m) && !sb.toString().contains(m.strip())) {
                if (!sb.isEmpty()) {
                    sb.append(": ");
                }
                sb.append(m.strip());
            }
        }
        return sb.isEmpty() ? e.getClass().getSimpleName() : sb.toString();
    }

    private static BridgeException invalid(String name, String message) {
        return BridgeException.invalidRequest(name + ": " + message);
    }
}
