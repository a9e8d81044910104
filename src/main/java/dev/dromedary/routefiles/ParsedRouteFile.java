package dev.dromedary.routefiles;

import org.apache.camel.model.RouteDefinition;

import java.util.List;

/**
 * A route file that passed validation: its routes as Camel definitions, ready to be added to the context.
 *
 * @param consumerKeys for each route (same order), what it consumes from as {@link RouteFileParser#consumerKey}
 *                     says, or null for endpoints that may have several consumers
 */
public record ParsedRouteFile(String name, String content, List<RouteDefinition> routes, List<String> consumerKeys) {

    public List<String> routeIds() {
        return routes.stream().map(RouteDefinition::getRouteId).toList();
    }
}
