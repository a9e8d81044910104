package dev.dromedary.security;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.function.Function;

/**
 * Checks a provider {@code base_url} set through the admin API against server-side request forgery: an admin
 * credential must not turn the bridge into a way into the networks behind it. Refused: other schemes than http(s),
 * user info in the URL, hosts that do not resolve, and any resolved address that is unspecified, link-local (cloud
 * metadata services live at 169.254.169.254 and fd00:ec2::254), multicast or broadcast; loopback and private
 * addresses (RFC 1918, carrier-grade NAT, IPv6 unique local) unless {@code allowPrivate}. IPv4-mapped and
 * -compatible IPv6 addresses are judged by their IPv4 address. Redirects are never followed upstream.
 */
public final class BaseUrlGuard {

    private final boolean allowPrivate;
    private final Function<String, InetAddress[]> resolver;

    public BaseUrlGuard(boolean allowPrivate) {
        this(allowPrivate, host -> {
            try {
                return InetAddress.getAllByName(host);
            } catch (UnknownHostException e) {
                return new InetAddress[0];
            }
        });
    }

    BaseUrlGuard(boolean allowPrivate, Function<String, InetAddress[]> resolver) {
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
    }

    /** @return why the URL is refused, or null when it may be used */
    public String refusal(String baseUrl) {
        URI uri;
        try {
            uri = new URI(baseUrl);
        } catch (URISyntaxException e) {
            return "base_url is not a URL: " + e.getReason();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "base_url must start with http:// or https://";
        }
        if (uri.getRawUserInfo() != null) {
            return "base_url must not carry user info (put credentials in api_key or custom_headers)";
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            return "base_url has no host";
        }
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses = resolver.apply(bare);
        if (addresses.length == 0) {
            return "base_url host " + host + " does not resolve";
        }
        for (InetAddress address : addresses) {
            String why = refusal(address);
            if (why != null) {
                return "base_url host " + host + " resolves to " + address.getHostAddress() + ", " + why;
            }
        }
        return null;
    }

    private String refusal(InetAddress address) {
        InetAddress a = embeddedIpv4(address);
        byte[] b = a.getAddress();
        if (a.isAnyLocalAddress()) {
            return "an unspecified address";
        }
        if (a.isLinkLocalAddress() || isIpv6(a, 0xfd, 0x00, 0x0e, 0xc2)) {
            return "a link-local or cloud metadata address";
        }
        if (a.isMulticastAddress() || a instanceof Inet4Address && (b[0] & 0xff) == 255) {
            return "a multicast or broadcast address";
        }
        if (allowPrivate) {
            return null;
        }
        if (a.isLoopbackAddress()) {
            return "a loopback address (allowed only with dromedary.providers.allow-private-base-urls)";
        }
        boolean cgnat = a instanceof Inet4Address && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
        boolean zero = a instanceof Inet4Address && b[0] == 0;
        boolean uniqueLocal = a instanceof Inet6Address && (b[0] & 0xfe) == 0xfc;
        if (a.isSiteLocalAddress() || cgnat || zero || uniqueLocal) {
            return "a private address (allowed only with dromedary.providers.allow-private-base-urls)";
        }
        return null;
    }

    private static boolean isIpv6(InetAddress a, int... prefix) {
        byte[] b = a.getAddress();
        if (!(a instanceof Inet6Address)) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** ::ffff:a.b.c.d and ::a.b.c.d reach the IPv4 address a.b.c.d. */
    private static InetAddress embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] b = address.getAddress();
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return address;
            }
        }
        boolean mapped = (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = b[10] == 0 && b[11] == 0 && (b[12] != 0 || b[13] != 0);
        if (!mapped && !compatible) {
            return address;
        }
        try {
            return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
        } catch (UnknownHostException e) {
            return address;
        }
    }
}
