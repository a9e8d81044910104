package dev.dromedary.provider;

import java.util.Locale;

/** Model size classes; a Claude model name picks one by the family it names. */
public enum Tier {
    BIG, MIDDLE, SMALL;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Tier parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    /** {@code opus} → big, {@code sonnet} → middle, {@code haiku} → small, else null. */
    public static Tier fromModelName(String model) {
        String m = model.toLowerCase(Locale.ROOT);
        if (m.contains("haiku")) {
            return SMALL;
        }
        if (m.contains("sonnet")) {
            return MIDDLE;
        }
        if (m.contains("opus")) {
            return BIG;
        }
        return null;
    }
}
