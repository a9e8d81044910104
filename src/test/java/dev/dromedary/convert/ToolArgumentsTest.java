package dev.dromedary.convert;

import dev.dromedary.api.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** A tool call's arguments string → the object Anthropic's input must be; never an exception. */
class ToolArgumentsTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "`{\"a\":1}`                 | {\"a\":1}",
            "` {\"a\":1}\n `             | {\"a\":1}",
            "`\"{\\\"a\\\":1}\"`         | {\"a\":1}",
            "``                          | {}",
            "`   `                       | {}",
            "`{\"a\":1}{\"b\":2}`        | {\"_unparsed_arguments\":\"{\\\"a\\\":1}{\\\"b\\\":2}\"}",
            "`{\"a\":`                   | {\"_unparsed_arguments\":\"{\\\"a\\\":\"}",
            "`[1,2]`                     | {\"_unparsed_arguments\":\"[1,2]\"}",
            "`42`                        | {\"_unparsed_arguments\":\"42\"}",
            "`\"just text\"`             | {\"_unparsed_arguments\":\"\\\"just text\\\"\"}",
    })
    void parses(String arguments, String expected) throws Exception {
        var input = ToolArguments.parse(Json.MAPPER, arguments);

        assertThat(input).isEqualTo(Json.MAPPER.readTree(expected));
        assertThat(ToolArguments.isRaw(input)).isEqualTo(expected.contains(ToolArguments.RAW_KEY));
    }
}
