package dev.dromedary.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;

/**
 * The Messages API body is JSON whatever {@code Content-Type} a client sends (curl's {@code -d} says form data).
 * Without this, the HTTP binding would parse a form-typed body as form fields before any route runs, and fail.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class JsonBodyFilter extends OncePerRequestFilter {

    private static final String JSON = "application/json";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String type = request.getContentType();
        return !request.getRequestURI().startsWith("/v1/") || type == null || type.startsWith(JSON);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(withContentType(request, JSON), response);
    }

    /** The request as if it had been sent with {@code Content-Type: type}. */
    static HttpServletRequest withContentType(HttpServletRequest request, String type) {
        return new HttpServletRequestWrapper(request) {
            @Override
            public String getContentType() {
                return type;
            }

            @Override
            public String getHeader(String name) {
                return "content-type".equalsIgnoreCase(name) ? type : super.getHeader(name);
            }

            @Override
            public Enumeration<String> getHeaders(String name) {
                return "content-type".equalsIgnoreCase(name)
                        ? Collections.enumeration(java.util.List.of(type)) : super.getHeaders(name);
            }
        };
    }
}
