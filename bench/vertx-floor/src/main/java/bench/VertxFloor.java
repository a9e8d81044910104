package bench;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The benchmark's bare Camel proxy route (bench/camel-floor.camel.yaml) on Camel's Vert.x platform-http engine
 * instead of the servlet engine the bridge uses: {@code /bench/camel-floor} with camel-http out, as in the bridge,
 * and {@code /bench/vx-floor} with vertx-http out. Arguments: the port to serve, the fake upstream's port.
 */
public final class VertxFloor {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String upstream = "127.0.0.1:" + Integer.parseInt(args[1]) + "/plain/v1/chat/completions";
        CamelContext context = new DefaultCamelContext();
        VertxPlatformHttpServerConfiguration server = new VertxPlatformHttpServerConfiguration();
        server.setBindHost("127.0.0.1");
        server.setBindPort(port);
        context.addService(new VertxPlatformHttpServer(server));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:/bench/camel-floor?httpMethodRestrict=POST").routeId("vertx-floor-camel-http")
                        .removeHeaders("*")
                        .setHeader("Content-Type", constant("application/json"))
                        .to("http://" + upstream + "?bridgeEndpoint=true&throwExceptionOnFailure=false&httpMethod=POST"
                                + "&copyHeaders=false&maxTotalConnections=10000&connectionsPerRoute=10000");
                from("platform-http:/bench/vx-floor?httpMethodRestrict=POST").routeId("vertx-floor-vertx-http")
                        .removeHeaders("*")
                        .setHeader("Content-Type", constant("application/json"))
                        .to("vertx-http:http://" + upstream + "?throwExceptionOnFailure=false&httpMethod=POST");
            }
        });
        context.start();
        System.out.println("serving on " + port);
        Thread.currentThread().join();
    }
}
