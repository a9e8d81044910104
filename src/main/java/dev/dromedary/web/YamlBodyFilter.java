package dev.dromedary.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * A route file sent to {@code PUT /admin/api/routes/{file}} is YAML whatever {@code Content-Type} it comes with:
 * {@code curl --data-binary @file} says form data, and the HTTP binding would otherwise read the YAML as form
 * fields before the admin route sees it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class YamlBodyFilter extends OncePerRequestFilter {

    static final String YAML = "application/yaml";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String type = request.getContentType();
        return !"PUT".equals(request.getMethod()) || !request.getRequestURI().startsWith("/admin/api/routes/")
                || type == null || type.startsWith(YAML);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(JsonBodyFilter.withContentType(request, YAML), response);
    }
}
