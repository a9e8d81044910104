package dev.dromedary.config;

import dev.dromedary.convert.TokenCounter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class ConverterConfig {

    @Bean
    public TokenCounter tokenCounter() {
        return new TokenCounter();
    }
}
