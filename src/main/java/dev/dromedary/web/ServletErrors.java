package dev.dromedary.web;

import dev.dromedary.api.Json;
import dev.dromedary.api.anthropic.ErrorBody;
import dev.dromedary.convert.Ids;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** An Anthropic-shaped error written straight to the servlet response, for answers given before any route runs. */
public final class ServletErrors {

    private ServletErrors() {
    }

    public static void write(HttpServletResponse response, int status, String errorType, String message)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        Json.MAPPER.writeValue(response.getOutputStream(), ErrorBody.of(errorType, message, Ids.requestId()));
    }
}
