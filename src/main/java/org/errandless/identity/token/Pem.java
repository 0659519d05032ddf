package org.errandless.identity.token;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** PEM encoding of RSA keys and their JWK form (with an RFC 7638 thumbprint as {@code kid}). */
final class Pem {

    private Pem() {
    }

    static RSAPrivateCrtKey privateKey(String pem) {
        try {
            byte[] der = body(pem, "PRIVATE KEY");
            return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | ClassCastException | IllegalArgumentException e) {
            throw new IllegalStateException("The configured signing key is not an RSA private key in PKCS#8 PEM", e);
        }
    }

    static RSAPublicKey publicKey(String pem) {
        try {
            byte[] der = body(pem, "PUBLIC KEY");
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | ClassCastException | IllegalArgumentException e) {
            throw new IllegalStateException("The configured public key is not an RSA public key in X.509 PEM", e);
        }
    }

    static RSAPublicKey publicOf(RSAPrivateCrtKey key) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String encodePrivate(RSAPrivateCrtKey key) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n";
    }

    /** The public JWK of a key, with {@code kid} = RFC 7638 thumbprint. */
    static Map<String, Object> jwk(RSAPublicKey key, String use) {
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "RSA");
        jwk.put("kid", kid(key));
        jwk.put("use", use);
        jwk.put("alg", "RS256");
        jwk.put("n", base64(key.getModulus()));
        jwk.put("e", base64(key.getPublicExponent()));
        return jwk;
    }

    static String kid(RSAPublicKey key) {
        String canonical = "{\"e\":\"" + base64(key.getPublicExponent()) + "\",\"kty\":\"RSA\",\"n\":\""
                + base64(key.getModulus()) + "\"}";
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
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
        int begin = text.indexOf("-----BEGIN " + type + "-----");
        int end = text.indexOf("-----END " + type + "-----");
        if (begin < 0 || end < 0) {
            throw new IllegalArgumentException("no " + type + " block");
        }
        String base64 = text.substring(begin + type.length() + 16, end).replaceAll("\\s", "");
        return Base64.getDecoder().decode(base64);
    }
}
