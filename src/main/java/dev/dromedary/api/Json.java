package dev.dromedary.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;

/**
 * The one JSON mapper of the wire formats. Liberal in what it reads (unknown fields ignored), and it never copies
 * request content into error messages.
 * <p>
 * Its parse and write buffers come from one shared pool: Jackson's default keeps them in a thread-local, and
 * every virtual thread of an open stream would then hold its own ~25 KB of buffers until the stream ends.
 * <p>
 * Unknown fields are skipped as the parser meets them. With only {@code FAIL_ON_UNKNOWN_PROPERTIES} off, Jackson
 * still copies each unknown field of a record into a token buffer before dropping it, and every provider chunk has
 * several ({@code object}, {@code created}, {@code system_fingerprint}, ...).
 */
public final class Json {

    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .annotationIntrospector(new SkipUnknownFields())
            .addModule(new BlackbirdModule())
            .build();

    private Json() {
    }

    /** A reader of {@code type} made at its first use (see {@link LazyReader}). */
    public static LazyReader readerFor(Class<?> type) {
        return new LazyReader(type);
    }

    /**
     * A reader of one type, made at its first use rather than in a static initializer. Making one takes the mapper's
     * deserializer lock. A virtual thread that blocks inside a class initializer keeps its carrier thread, so a
     * request that ran a {@code static final} reader's initializer while another request held that lock, unmounted,
     * could take the last free carrier and stop the whole bridge: it did, on two cores, with streams started at once
     * (bench/RESULTS.md, step 20). Made two at a time, either reader serves.
     */
    public static final class LazyReader {
        private final Class<?> type;
        private volatile ObjectReader reader;

        private LazyReader(Class<?> type) {
            this.type = type;
        }

        public ObjectReader get() {
            ObjectReader r = reader;
            if (r == null) {
                r = MAPPER.readerFor(type);
                reader = r;
            }
            return r;
        }
    }

    /** Every type reads as if annotated {@code @JsonIgnoreProperties(ignoreUnknown = true)}. */
    private static final class SkipUnknownFields extends JacksonAnnotationIntrospector {

        @Override
        public JsonIgnoreProperties.Value findPropertyIgnoralByName(MapperConfig<?> config, Annotated a) {
            return JsonIgnoreProperties.Value.merge(super.findPropertyIgnoralByName(config, a),
                    JsonIgnoreProperties.Value.forIgnoreUnknown(true));
        }
    }
}
