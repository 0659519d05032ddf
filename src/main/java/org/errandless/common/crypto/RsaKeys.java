package org.errandless.common.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RSA signing keys as the application keeps them: PKCS#8 / X.509 PEM (inline, with {@code \n} escapes allowed, or in
 * a file), generated 2048-bit keys saved owner-readable only, and the public JWK form with the RFC 7638 thumbprint as
 * {@code kid}. Used by the token keys and the e-certificate keys, which differ only in what they sign.
 */
public final class RsaKeys {

    private RsaKeys() {
    }

    /**
     * Parses a PKCS#8 PEM RSA private key.
     *
     * @param what the key in words, for the error (e.g. "The token signing key")
     */
    public static RSAPrivateCrtKey privateKey(String pem, String what) {
        try {
            byte[] der = body(pem, "PRIVATE KEY");
            return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | ClassCastException | IllegalArgumentException e) {
            throw new IllegalStateException(what + " is not an RSA private key in PKCS#8 PEM", e);
        }
    }

    /**
     * Parses an X.509 PEM RSA public key.
     *
     * @param what the key in words, for the error
     */
    public static RSAPublicKey publicKey(String pem, String what) {
        try {
            byte[] der = body(pem, "PUBLIC KEY");
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | ClassCastException | IllegalArgumentException e) {
            throw new IllegalStateException(what + " is not an RSA public key in X.509 PEM", e);
        }
    }

    /** The public half of a private key. */
    public static RSAPublicKey publicOf(RSAPrivateCrtKey key) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new 2048-bit key. */
    public static RSAPrivateCrtKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key as PKCS#8 PEM. */
    public static String encodePrivate(RSAPrivateCrtKey key) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n";
    }

    /** The public JWK of a key for RS256, with {@code kid} = RFC 7638 thumbprint. */
    public static Map<String, Object> jwk(RSAPublicKey key, String use) {
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "RSA");
        jwk.put("kid", kid(key));
        jwk.put("use", use);
        jwk.put("alg", "RS256");
        jwk.put("n", base64(key.getModulus()));
        jwk.put("e", base64(key.getPublicExponent()));
        return jwk;
    }

    /** The RFC 7638 thumbprint (SHA-256, base64url) of a public key. */
    public static String kid(RSAPublicKey key) {
        String canonical = "{\"e\":\"" + base64(key.getPublicExponent()) + "\",\"kty\":\"RSA\",\"n\":\""
                + base64(key.getModulus()) + "\"}";
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a PEM file.
     *
     * @param what the key in words, for the error
     */
    public static String read(Path path, String what) {
        try {
            return Files.readString(path, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + what + " " + path, e);
        }
    }

    /**
     * Saves a generated key's PEM readable by the owner only (where the file system has POSIX permissions).
     *
     * @param what the key in words, for the error
     */
    public static void persist(Path path, String pem, String what) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(path, pem, StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the directory's own protection has to do
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save " + what + " to " + path, e);
        }
    }

    private static String base64(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            byte[] trimmed = new byte[bytes.length - 1];
            System.arraycopy(bytes, 1, trimmed, 0, trimmed.length);
            bytes = trimmed;
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] body(String pem, String type) {
        String text = pem.replace("\\n", "\n");
        String begin = "-----BEGIN " + type + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf("-----END " + type + "-----");
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("no " + type + " block");
        }
        return Base64.getDecoder().decode(text.substring(from + begin.length(), to).replaceAll("\\s", ""));
    }
}
