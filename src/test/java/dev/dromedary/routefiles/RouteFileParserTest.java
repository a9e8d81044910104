package dev.dromedary.routefiles;

import dev.dromedary.error.BridgeException;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a route file must be before anything runs it, and the messages a broken one gets. */
class RouteFileParserTest {

    private static DefaultCamelContext camel;
    private static RouteFileParser parser;

    @BeforeAll
    static void camel() {
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("knownBean", (org.apache.camel.Processor) exchange -> { });
        camel.start();
        parser = new RouteFileParser(camel);
    }

    @AfterAll
    static void stop() {
        camel.stop();
    }

    private static ParsedRouteFile parse(String yaml) {
        return parser.parse("team.camel.yaml", "file:/routes/team.camel.yaml", yaml);
    }

    private static String rejection(String yaml) {
        try {
            parse(yaml);
        } catch (BridgeException e) {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.errorType()).isEqualTo("invalid_request_error");
            assertThat(e.getMessage()).startsWith("team.camel.yaml: ");
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + yaml);
    }

    @Test
    void aValidFileGivesItsRoutesAndWhatTheyConsume() {
        ParsedRouteFile file = parse("""
                - route:
                    id: team-hello
                    from:
                      uri: direct:team-hello
                      steps:
                        - choice:
                            when:
                              - simple: "${header.x} == 'a'"
                                steps:
                                  - process:
                                      ref: knownBean
                        - setProperty:
                            name: dromedaryUpstreamHeader.X-Team
                            simple: "${header.x-team}"
                - route:
                    id: team-log
                    from:
                      uri: timer:tick?period=60000
                      steps:
                        - to: log:team
                """);

        assertThat(file.routeIds()).containsExactly("team-hello", "team-log");
        assertThat(file.consumerKeys()).containsExactly("direct://team-hello", null);
    }

    @Test
    void yamlSyntaxErrorsNameTheLine() {
        String message = rejection("""
                - route:
                    id: x
                    from:
                      uri: direct:x
                     steps: [
                """);
        assertThat(message).contains("not valid YAML").contains("line");
    }

    @Test
    void anUnknownStepIsRejectedWithCamelsMessage() {
        String message = rejection("""
                - route:
                    id: x
                    from:
                      uri: direct:x
                      steps:
                        - proces:
                            ref: knownBean
                """);
        assertThat(message).contains("proces");
    }

    @Test
    void onlyRoutesCanBeReloaded() {
        assertThat(rejection("""
                - beans:
                    - name: sneaky
                      type: java.lang.Object
                """)).contains("entry 1 is [beans]").contains("only '- route:' entries");
        assertThat(rejection("route: {}")).contains("a YAML list of '- route:' entries");
        assertThat(rejection("# nothing but a comment\n")).contains("at least one");
    }

    @Test
    void everyRouteNeedsAnIdOfItsOwn() {
        assertThat(rejection("""
                - route:
                    from:
                      uri: direct:x
                      steps:
                        - to: log:x
                """)).contains("every route needs an id");
        assertThat(rejection("""
                - route:
                    id: twice
                    from: {uri: direct:a, steps: [{to: log:a}]}
                - route:
                    id: twice
                    from: {uri: direct:b, steps: [{to: log:b}]}
                """)).contains("route id 'twice' is used twice");
    }

    @Test
    void referencesMustResolve() {
        assertThat(rejection("""
                - route:
                    id: x
                    from:
                      uri: direct:x
                      steps:
                        - filter:
                            simple: "${header.a} == 'b'"
                            steps:
                              - process:
                                  ref: noSuchBean
                """)).contains("route 'x'").contains("no bean named 'noSuchBean'");
        assertThat(rejection("""
                - route:
                    id: x
                    from:
                      uri: direct:x
                      steps:
                        - to: nosuchcomponent:foo
                """)).contains("route 'x'").contains("nosuchcomponent");
        assertThat(rejection("""
                - route:
                    id: x
                    from:
                      uri: direct:x
                      steps:
                        - throwException:
                            exceptionType: com.example.NoSuchException
                            message: no
                """)).contains("no class com.example.NoSuchException");
        assertThat(rejection("""
                - route:
                    id: x
                    from:
                      uri: direct:x
                      steps:
                        - setHeader:
                            name: a
                            simple: "${header.b"
                """)).contains("route 'x'");
    }

    @Test
    void everyRouteSnippetOfTheDocsAndEveryExampleIsAValidRouteFile() throws Exception {
        String docs = java.nio.file.Files.readString(java.nio.file.Path.of("docs/routes.md"));
        java.util.regex.Matcher snippet = java.util.regex.Pattern.compile("```yaml\n(- route:.*?)```",
                java.util.regex.Pattern.DOTALL).matcher(docs);
        int checked = 0;
        while (snippet.find()) {
            assertThat(parser.parse("snippet.camel.yaml", "docs/routes.md", snippet.group(1)).routeIds()).isNotEmpty();
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(3);
        try (var examples = java.nio.file.Files.list(java.nio.file.Path.of("routes/examples"))) {
            for (java.nio.file.Path example : examples.toList()) {
                assertThat(parser.parse(example.getFileName().toString(), example.toString(),
                        java.nio.file.Files.readString(example)).routeIds()).containsExactly("pre-dispatch");
            }
        }
    }

    @Test
    void aHugeFileIsRefusedBeforeParsing() {
        String big = "# " + "x".repeat(RouteFileParser.MAX_BYTES) + "\n";
        assertThatThrownBy(() -> parse(big)).isInstanceOfSatisfying(BridgeException.class,
                e -> assertThat(e.status()).isEqualTo(413));
    }
}
