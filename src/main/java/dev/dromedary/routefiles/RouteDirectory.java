package dev.dromedary.routefiles;

import dev.dromedary.config.DromedaryProperties;
import dev.dromedary.error.BridgeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The operators' routes directory ({@code dromedary.routes.dir}): its {@code *.camel.yaml} files, not its
 * subfolders (the shipped {@code routes/examples/} stay inert). Symlinks are followed, which is how a mounted
 * ConfigMap presents its files ({@code name -> ..data/name}).
 */
@Component
public class RouteDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(RouteDirectory.class);

    private final Path dir;

    public RouteDirectory(DromedaryProperties props) {
        this.dir = Path.of(props.routes().dir()).toAbsolutePath().normalize();
    }

    public Path path() {
        return dir;
    }

    /** Name → content of the route files now; none if the directory does not exist. */
    public Map<String, String> read() {
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                if (RouteFileName.isValid(name) && Files.isRegularFile(p)) {
                    try {
                        files.put(name, Files.readString(p, StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        // vanished between listing and reading, or unreadable: the next read decides
                        LOG.debug("Route file {} not readable now: {}", p, e.toString());
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("Routes directory {} not readable: {}", dir, e.toString());
        }
        return files;
    }

    /** Whether the admin API can change files here (a mounted ConfigMap cannot be written). */
    public boolean writable() {
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing != null && Files.isWritable(existing) && (!Files.exists(dir) || Files.isWritable(dir));
    }

    /** Writes a file whole: a reader (this service's poller, another replica) never sees half of it. */
    public void write(String name, String content) {
        Path target = dir.resolve(RouteFileName.check(name));
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve("." + name + ".tmp");
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw notWritable(e);
        }
    }

    public void delete(String name) {
        try {
            Files.deleteIfExists(dir.resolve(RouteFileName.check(name)));
        } catch (IOException e) {
            throw notWritable(e);
        }
    }

    private BridgeException notWritable(IOException e) {
        return new BridgeException(403, "permission_error", "the routes directory " + dir + " cannot be written ("
                + e.getClass().getSimpleName() + "): where it is a mounted ConfigMap, change the ConfigMap instead");
    }
}
