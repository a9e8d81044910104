package org.apache.camel.component.platform.http.springboot;

import org.apache.camel.http.common.HttpBinding;

/**
 * The starter's consumer reads requests through a binding it creates itself; its setter is package-private, hence
 * this one class in the starter's package. Used by {@code dev.dromedary.web.DirectPlatformHttpConsumer}.
 */
public final class ConsumerBindings {

    private ConsumerBindings() {
    }

    public static void use(SpringBootPlatformHttpConsumer consumer, HttpBinding binding) {
        consumer.setBinding(binding);
    }
}
