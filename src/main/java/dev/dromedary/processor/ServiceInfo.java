package dev.dromedary.processor;

import dev.dromedary.provider.ProviderConfig;
import dev.dromedary.provider.ProviderRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /}: name, version and status, for people and probes. */
@Component("serviceInfo")
public class ServiceInfo implements Processor {

    private final ProviderRegistry registry;
    private final String version;

    public ServiceInfo(ProviderRegistry registry, ObjectProvider<BuildProperties> build) {
        this.registry = registry;
        BuildProperties props = build.getIfAvailable();
        this.version = props == null ? "dev" : props.getVersion();
    }

    @Override
    public void process(Exchange exchange) {
        var usable = registry.current().usable();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "dromedary");
        body.put("version", version);
        body.put("status", usable.isEmpty() ? "no usable provider" : "ok");
        body.put("providers", usable.stream().map(ProviderConfig::name).toList());
        HttpReply.json(exchange, 200, body);
    }
}
