package dev.dromedary;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class DromedaryApplication {

    public static void main(String[] args) {
        SpringApplication.run(DromedaryApplication.class, args);
    }
}
