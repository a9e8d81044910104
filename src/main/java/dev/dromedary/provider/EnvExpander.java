package dev.dromedary.provider;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Expands {@code ${NAME}} and {@code ${NAME:-default}} anywhere in a string; an unset name expands to nothing. */
public final class EnvExpander {

    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.]*)(?::-([^}]*))?}");

    private final UnaryOperator<String> lookup;

    public EnvExpander(UnaryOperator<String> lookup) {
        this.lookup = lookup;
    }

    public String expand(String value) {
        if (value == null || value.indexOf("${") < 0) {
            return value;
        }
        Matcher m = VAR.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String found = lookup.apply(m.group(1));
            if (found == null || found.isEmpty()) {
                found = m.group(2) == null ? "" : m.group(2);
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(found));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /**
     * True when the value refers to a variable without a default: {@code ${KEY}} says the value is needed, while
     * {@code ${KEY:-}} says an empty one is fine.
     */
    public static boolean needsVariable(String value) {
        Matcher m = VAR.matcher(value == null ? "" : value);
        while (m.find()) {
            if (m.group(2) == null) {
                return true;
            }
        }
        return false;
    }

    /** The names a value refers to, for messages such as "set OPENROUTER_API_KEY". */
    public static String variablesIn(String value) {
        Matcher m = VAR.matcher(value == null ? "" : value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(m.group(1));
        }
        return sb.toString();
    }
}
