package org.errandless.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Loads the divisions of {@code reference/divisions-chongqing.csv} in every profile, prod included: reference data
 * the register needs before any station can exist. Upserts, so it is idempotent and a corrected name in the file
 * reaches the database at the next start.
 *
 * <p>Start-up asks {@link #current()} first: one read outside any transaction that finds every row of the file as it
 * is, so an unchanged file costs neither a write nor the process' first JTA transaction.
 */
@ApplicationScoped
class DivisionLoader {

    static final String RESOURCE = "reference/divisions-chongqing.csv";

    @Inject
    DataSource dataSource;

    /**
     * Whether the database holds every division of the file exactly as the file has it (name, English name, parent):
     * then {@link #load()} would change nothing. One statement on a connection of its own, no transaction.
     */
    boolean current() {
        List<Map<String, String>> rows = ReferenceCsv.read(RESOURCE);
        Set<String> codes = rows.stream().map(row -> row.get("code")).collect(Collectors.toSet());
        int size = rows.size();
        String[] code = new String[size];
        String[] nameZh = new String[size];
        String[] nameEn = new String[size];
        String[] parent = new String[size];
        for (int i = 0; i < size; i++) {
            Map<String, String> row = rows.get(i);
            code[i] = row.get("code");
            nameZh[i] = row.get("name_zh");
            nameEn[i] = row.get("name_en");
            parent[i] = parentOf(code[i], codes);
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("select count(*) from division d"
                        + " join unnest(?::text[], ?::text[], ?::text[], ?::text[]) f (code, name_zh, name_en,"
                        + " parent_code) on d.code = f.code where d.name_zh = f.name_zh"
                        + " and d.name_en is not distinct from f.name_en"
                        + " and d.parent_code is not distinct from f.parent_code")) {
            query.setArray(1, connection.createArrayOf("text", code));
            query.setArray(2, connection.createArrayOf("text", nameZh));
            query.setArray(3, connection.createArrayOf("text", nameEn));
            query.setArray(4, connection.createArrayOf("text", parent));
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getLong(1) == size;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not compare the divisions with " + RESOURCE, e);
        }
    }

    /** @return how many divisions the file has */
    @Transactional
    int load() {
        List<Map<String, String>> rows = ReferenceCsv.read(RESOURCE);
        Set<String> codes = rows.stream().map(row -> row.get("code")).collect(Collectors.toSet());
        // parents first, so the foreign key holds row by row: province (xx0000), prefecture (xxxx00), then the rest
        List<Map<String, String>> ordered = rows.stream()
                .sorted(Comparator.comparing((Map<String, String> row) -> level(row.get("code")))
                        .thenComparing(row -> row.get("code")))
                .toList();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement("insert into division"
                        + " (code, name_zh, name_en, parent_code) values (?, ?, ?, ?) on conflict (code) do update"
                        + " set name_zh = excluded.name_zh, name_en = excluded.name_en,"
                        + " parent_code = excluded.parent_code")) {
            for (Map<String, String> row : ordered) {
                String code = row.get("code");
                upsert.setString(1, code);
                upsert.setString(2, row.get("name_zh"));
                upsert.setString(3, row.get("name_en"));
                upsert.setString(4, parentOf(code, codes));
                upsert.addBatch();
            }
            upsert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not load the divisions from " + RESOURCE, e);
        }
        return rows.size();
    }

    private static int level(String code) {
        return code.endsWith("0000") ? 0 : code.endsWith("00") ? 1 : 2;
    }

    /** The nearest listed ancestor: prefecture ({@code xxxx00}) if listed, else the province ({@code xx0000}). */
    static String parentOf(String code, Set<String> known) {
        if (code.endsWith("0000")) {
            return null;
        }
        String prefecture = code.substring(0, 4) + "00";
        if (!code.endsWith("00") && known.contains(prefecture)) {
            return prefecture;
        }
        String province = code.substring(0, 2) + "0000";
        return known.contains(province) ? province : null;
    }
}
