package dev.dromedary.routefiles;

import dev.dromedary.error.BridgeException;

import java.util.regex.Pattern;

/**
 * Names a route file may have: letters, digits, {@code . _ -}, ending in {@code .camel.yaml}, not starting with a
 * dot. Nothing that could leave the routes directory, and nothing Kubernetes puts in a ConfigMap volume
 * ({@code ..data}, {@code ..2024_…}) or an editor leaves behind.
 */
public final class RouteFileName {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*\\.camel\\.yaml");
    private static final int MAX_LENGTH = 128;

    private RouteFileName() {
    }

    public static boolean isValid(String name) {
        return name != null && name.length() <= MAX_LENGTH && SAFE.matcher(name).matches();
    }

    /** The name itself, or a 400 that says what a name must look like. */
    public static String check(String name) {
        if (!isValid(name)) {
            throw BridgeException.invalidRequest("route file name '" + name + "': use letters, digits, '.', '_' "
                    + "and '-', ending in .camel.yaml (at most " + MAX_LENGTH + " characters)");
        }
        return name;
    }
}
