package dev.dromedary.security;

import dev.dromedary.config.DromedaryProperties;
import dev.dromedary.web.ServletErrors;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Guards {@code /admin/**} and every actuator endpoint but health with the admin token from the environment
 * ({@code DROMEDARY_ADMIN_TOKEN}), sent as {@code Authorization: Bearer <token>}. There is no default token: without
 * one the admin API answers 403. Tokens are compared as SHA-256 digests with {@link MessageDigest#isEqual}, so the
 * time taken says nothing about the token, not even its length.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class AdminAuthFilter extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(AdminAuthFilter.class);

    private final byte[] tokenDigest;

    public AdminAuthFilter(DromedaryProperties props) {
        String token = props.admin().token();
        this.tokenDigest = token == null || token.isBlank() ? null : sha256(token);
        if (tokenDigest == null) {
            LOG.warn("Admin API disabled (403): set DROMEDARY_ADMIN_TOKEN to use /admin and the actuator endpoints");
        } else {
            LOG.info("Admin API enabled: /admin and the actuator endpoints need the admin token");
        }
    }

    /** Health stays open for probes; everything else under /admin and /actuator needs the token. */
    static boolean guarded(String path) {
        if (path.startsWith("/actuator")) {
            return !(path.equals("/actuator/health") || path.startsWith("/actuator/health/"));
        }
        return path.equals("/admin") || path.startsWith("/admin/");
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !guarded(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (tokenDigest == null) {
            deny(response, 403, "permission_error", "the admin API is disabled: set DROMEDARY_ADMIN_TOKEN");
            return;
        }
        String auth = request.getHeader("Authorization");
        String presented = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : "";
        if (!MessageDigest.isEqual(tokenDigest, sha256(presented))) {
            deny(response, 401, "authentication_error", "the admin API needs Authorization: Bearer <admin token>");
            return;
        }
        chain.doFilter(request, response);
    }

    private static void deny(HttpServletResponse response, int status, String type, String message) throws IOException {
        ServletErrors.write(response, status, type, message);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
