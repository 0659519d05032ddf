package org.errandless.common.web;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * The address a request comes from, as rate limits per client address see it.
 *
 * <p>By default that is the TCP peer. Behind a reverse proxy or load balancer the peer is the proxy, so every client
 * would share one limit: there set {@code errandless.http.trust-forwarded-for=true}, and the rightmost entry of
 * {@code X-Forwarded-For} is used, the one the proxy itself appended (nginx {@code $proxy_add_x_forwarded_for}).
 * Entries further left are whatever the client sent and are never believed. Only turn it on where every request
 * reaches us through such a proxy: otherwise a client picks its own address with the header and escapes its limit.
 *
 * <p>IPv6 addresses are reduced to their /64 prefix, which one subscriber usually holds whole, so rotating through it
 * does not earn a fresh limit. A forwarded value that is not an IP literal is ignored (and never resolved by DNS).
 */
@ApplicationScoped
public class ClientAddresses {

    /** The header a trusted proxy appends the connecting address to. */
    public static final String FORWARDED_FOR = "X-Forwarded-For";

    private static final Pattern IPV4 = Pattern
            .compile("(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private final boolean trustForwardedFor;

    public ClientAddresses(@ConfigProperty(name = "errandless.http.trust-forwarded-for",
            defaultValue = "false") boolean trustForwardedFor) {
        this.trustForwardedFor = trustForwardedFor;
    }

    /** The client address of a request, normalised; {@code unknown} when there is none (a Unix socket, say). */
    public String of(HttpServerRequest request) {
        SocketAddress remote = request.remoteAddress();
        return resolve(remote == null ? null : remote.hostAddress(), request.getHeader(FORWARDED_FOR),
                trustForwardedFor);
    }

    /**
     * The rule itself, apart from Vert.x.
     *
     * @param peer the TCP peer's address
     * @param forwardedFor the {@code X-Forwarded-For} header, possibly null
     * @param trustForwardedFor whether a proxy we trust sets the header
     */
    public static String resolve(String peer, String forwardedFor, boolean trustForwardedFor) {
        if (trustForwardedFor && forwardedFor != null) {
            int comma = forwardedFor.lastIndexOf(',');
            String last = (comma < 0 ? forwardedFor : forwardedFor.substring(comma + 1)).strip();
            String normalised = normalise(last);
            if (normalised != null) {
                return normalised;
            }
        }
        String normalised = normalise(peer);
        return normalised == null ? "unknown" : normalised;
    }

    private static String normalise(String address) {
        if (address == null || address.isBlank()) {
            return null;
        }
        String literal = address.strip();
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        if (IPV4.matcher(literal).matches()) {
            return literal;
        }
        // a literal with a colon is parsed as IPv6 by InetAddress and never looked up in DNS
        if (!literal.contains(":") || !IPV6_CHARACTERS.matcher(literal).matches()) {
            return null;
        }
        try {
            InetAddress parsed = InetAddress.getByName(literal);
            if (parsed instanceof Inet4Address) {
                return parsed.getHostAddress();
            }
            if (parsed instanceof Inet6Address) {
                byte[] bytes = parsed.getAddress();
                StringBuilder prefix = new StringBuilder();
                for (int group = 0; group < 4; group++) {
                    prefix.append(Integer.toHexString(((bytes[2 * group] & 0xff) << 8) | (bytes[2 * group + 1] & 0xff)))
                            .append(':');
                }
                return prefix.append(":/64").toString();
            }
            return null;
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
