package org.errandless.common.web.idempotency;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.errandless.registry.Relationship;
import org.errandless.registry.RegistryFixtures;
import org.errandless.support.TestAddresses;
import org.errandless.support.TestCitizens;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Issue 11 item 2: after requests whose bodies are personal data or secrets (a phone number, a name and ID number,
 * staff passwords), sent with an {@code Idempotency-Key}, no column of any table holds an unkeyed SHA-256 of a body
 * or of one of those values: neither as hex, base64 or base64url text nor as raw bytes, nor the framed request hash
 * the idempotency store computed on main (which failed here). A dump of the database alone must not let anyone test
 * guesses against them.
 */
@QuarkusTest
class PlainHashesAtRestTest {

    private static final String ADMIN_STAFF = "/api/v1/admin/staff";

    @Inject
    DataSource dataSource;
    @Inject
    RegistryFixtures registry;

    @Test
    void noColumnHoldsAPlainHashOfPersonalDataSentInARequest() throws Exception {
        Map<String, String> secrets = new LinkedHashMap<>();
        List<String[]> requests = new ArrayList<>(); // method, path, body

        String phone = TestCitizens.newPhone();
        String otp = "{\"phone\":\"" + phone + "\"}";
        post(null, "/api/v1/auth/otp", otp).then().statusCode(202);
        requests.add(new String[] { "POST", "/api/v1/auth/otp", otp });
        secrets.put("phone", phone);
        secrets.put("phone (E.164)", "+86" + phone);

        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        RegistryFixtures.Member member = registry.household(Relationship.HEAD).member(Relationship.HEAD);
        String identity = "{\"name\":\"" + member.name() + "\",\"idNumber\":\"" + member.idNumber() + "\"}";
        // the carrier knows nothing of this phone: 422, a final answer, stored with its fingerprint
        int status = post(citizen.accessToken(), "/api/v1/me/identity", identity).statusCode();
        assertTrue(status == 200 || status == 422, "real-name verification answered " + status);
        requests.add(new String[] { "POST", "/api/v1/me/identity", identity });
        secrets.put("ID number", member.idNumber());
        secrets.put("name", member.name());
        secrets.put("citizen phone", citizen.phone());

        String admin = TestTokens.admin();
        String password = "hashes-at-rest-" + UUID.randomUUID();
        String create = "{\"username\":\"hashes" + UUID.randomUUID().toString().substring(0, 8) + "\",\"password\":\""
                + password + "\",\"displayName\":\"Hash test\",\"roles\":[\"OFFICER\"],\"stationCode\":\"50010301\"}";
        String id = post(admin, ADMIN_STAFF, create).then().statusCode(201).extract().path("id");
        requests.add(new String[] { "POST", ADMIN_STAFF, create });
        secrets.put("password", password);
        String newPassword = "another-password-" + UUID.randomUUID();
        String reset = "{\"password\":\"" + newPassword + "\"}";
        int resetStatus = post(admin, ADMIN_STAFF + "/" + id + "/password", reset).statusCode();
        assertTrue(resetStatus / 100 == 2, "password reset answered " + resetStatus);
        requests.add(new String[] { "POST", ADMIN_STAFF + "/" + id + "/password", reset });
        secrets.put("new password", newPassword);

        Map<String, byte[]> digests = new LinkedHashMap<>();
        secrets.forEach((what, value) -> digests.put(what, sha256(value.getBytes(StandardCharsets.UTF_8))));
        for (String[] request : requests) {
            byte[] body = request[2].getBytes(StandardCharsets.UTF_8);
            digests.put("body of " + request[1], sha256(body));
            digests.put("framed request " + request[1], framedOnMain(request[0], request[1], body));
        }
        List<String> found = scan(digests);
        assertEquals(List.of(), found, "plain SHA-256 of personal data at rest");
    }

    private static Response post(String token, String path, String body) {
        var request = given().contentType("application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .header(TestAddresses.HEADER, TestAddresses.newAddress()).body(body);
        if (token != null) {
            request.auth().oauth2(token);
        }
        return request.post(path);
    }

    /** Every column of text, JSON or bytes in which one of the digests appears, as "table.column: what". */
    private List<String> scan(Map<String, byte[]> digests) throws SQLException {
        Map<String, String> textNeedles = new LinkedHashMap<>();
        Map<String, String> byteNeedles = new LinkedHashMap<>(); // hex of the bytes to look for
        digests.forEach((what, digest) -> {
            for (String encoded : encodings(digest)) {
                textNeedles.put(encoded, what);
                byteNeedles.put(HexFormat.of().formatHex(encoded.getBytes(StandardCharsets.US_ASCII)), what);
            }
            byteNeedles.put(HexFormat.of().formatHex(digest), what);
        });
        List<String> found = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            List<String[]> columns = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
                      JOIN information_schema.tables t
                        ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                     WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
                       AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea')
                    """); ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    columns.add(new String[] { rows.getString(1), rows.getString(2), rows.getString(3) });
                }
            }
            assertTrue(columns.size() > 20, "only " + columns.size() + " columns: is this the whole schema?");
            for (String[] column : columns) {
                boolean bytes = "bytea".equals(column[2]);
                Map<String, String> needles = bytes ? byteNeedles : textNeedles;
                String match = bytes ? "position(decode(n, 'hex') in %s) > 0" : "strpos(%s::text, n) > 0";
                String sql = "SELECT n FROM unnest(?::text[]) n WHERE EXISTS (SELECT 1 FROM %s WHERE " + match + ")";
                try (PreparedStatement select = connection.prepareStatement(String.format(sql,
                        quote(column[0]), quote(column[1])))) {
                    select.setArray(1, connection.createArrayOf("text", needles.keySet().toArray()));
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            found.add(column[0] + "." + column[1] + ": " + needles.get(rows.getString(1)));
                        }
                    }
                }
            }
        }
        return found;
    }

    private static List<String> encodings(byte[] digest) {
        String hex = HexFormat.of().formatHex(digest);
        return List.of(hex, hex.toUpperCase(), Base64.getEncoder().encodeToString(digest),
                Base64.getEncoder().withoutPadding().encodeToString(digest),
                Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
    }

    /** The request fingerprint as main computed it: SHA-256 over length-prefixed method, path, query and body. */
    private static byte[] framedOnMain(String method, String path, byte[] body) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        part(digest, method.getBytes(StandardCharsets.UTF_8));
        part(digest, path.getBytes(StandardCharsets.UTF_8));
        part(digest, new byte[0]);
        digest.update(Long.toString(body.length).getBytes(StandardCharsets.US_ASCII));
        part(digest, body);
        return digest.digest();
    }

    private static void part(MessageDigest digest, byte[] bytes) {
        digest.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        digest.update(bytes);
        digest.update((byte) '\n');
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
