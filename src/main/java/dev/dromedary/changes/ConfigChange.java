package dev.dromedary.changes;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One recorded change to the running configuration.
 *
 * @param kind    {@code route} (a route file) or {@code provider}
 * @param name    the route file's name or the provider's name
 * @param action  what happened: create, update, delete, rollback, enable, disable
 * @param actor   who made it: {@code admin@<address>} through the admin API, {@code file} for an edit on disk
 * @param version counts the changes of this kind and name, from 1
 * @param diff    unified diff from the previous version to this one
 * @param content the whole new version; null once deleted
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ConfigChange(long id, String changedAt, String kind, String name, String action, String actor,
                           int version, String diff, String content) {
}
