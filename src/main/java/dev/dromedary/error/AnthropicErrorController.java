package dev.dromedary.error;

import dev.dromedary.api.anthropic.ErrorBody;
import dev.dromedary.convert.Ids;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Whatever fails outside the Camel routes (unknown path, wrong method, a servlet error) is answered in the
 * Anthropic error shape too, never with Spring's error page or a stack trace.
 */
@RestController
public class AnthropicErrorController implements ErrorController {

    @RequestMapping("/error")
    public ResponseEntity<ErrorBody> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        String path = String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
        String requestId = Ids.requestId();
        String type = switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 504 -> "timeout_error";
            case 529 -> "overloaded_error";
            default -> status < 500 ? "invalid_request_error" : "api_error";
        };
        String message = switch (status) {
            case 404 -> "Not found: " + path;
            case 405 -> request.getMethod() + " is not allowed for " + path;
            case 413 -> "Request body too large";
            default -> status < 500 ? "Bad request" : "Internal server error";
        };
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .header("request-id", requestId)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(ErrorBody.of(type, message, requestId));
    }
}
