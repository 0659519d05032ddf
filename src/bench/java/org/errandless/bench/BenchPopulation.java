package org.errandless.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.errandless.common.crypto.PersonalDataKind;
import org.errandless.common.crypto.PersonalDataProtector;
import org.errandless.registry.IdNumbers;
import org.errandless.registry.Sex;

/**
 * The citizens of the benchmark volume, written as CSV files for {@code \copy} by {@code src/bench/generate.sh}: the
 * personal data is protected exactly as the application protects it (its own {@link PersonalDataProtector}: AES-GCM
 * ciphertexts and blind indexes under the data key the benchmark launches the application with), so the application
 * reads these people like any others.
 *
 * <p>Households of two, a head and a spouse, each with a citizen account (real-name verified, L2) on a phone
 * {@code 136} + the citizen's number in eight digits, spread round-robin over the stations given. ID numbers are valid
 * (check character included) and unique among themselves; the SQL drops any household whose person collides with an
 * ID number already registered (the demo population's are random).
 *
 * <p>Usage: {@code BenchPopulation <output directory> <citizens> <data key base64> <station,station,...>}. Writes
 * {@code household.csv}, {@code person.csv} and {@code account.csv} (columns in the order of generate.sql's staging
 * tables). Deterministic ids: the n-th citizen is person {@code uuid("errandless-bench:person:<n>")}.
 */
public final class BenchPopulation {

    /** Divisions none of the demo stations belong to, for the ID numbers (see IdNumbers' division check). */
    private static final List<String> DIVISIONS = List.of("500101", "500102", "500104", "500109", "500110", "500111");
    private static final LocalDate FIRST_BIRTH_DATE = LocalDate.of(1945, 1, 1);
    private static final String[] SURNAMES = { "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
            "马", "朱", "胡", "郭", "何", "高", "林", "罗" };
    private static final String[] GIVEN_M = { "伟", "磊", "勇", "军", "涛", "斌", "强", "鹏", "杰", "浩" };
    private static final String[] GIVEN_F = { "静", "丽", "敏", "燕", "艳", "娟", "霞", "芳", "婷", "雪" };

    private BenchPopulation() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: BenchPopulation <output directory> <citizens> <data key base64> <stations>");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        int citizens = Integer.parseInt(args[1]);
        PersonalDataProtector protector = new PersonalDataProtector(Base64.getDecoder().decode(args[2].strip()));
        String[] stations = args[3].split(",");
        Files.createDirectories(out);
        String createdAt = "2024-01-01 00:00:00+00";
        try (BufferedWriter households = Files.newBufferedWriter(out.resolve("household.csv"), StandardCharsets.UTF_8);
                BufferedWriter persons = Files.newBufferedWriter(out.resolve("person.csv"), StandardCharsets.UTF_8);
                BufferedWriter accounts = Files.newBufferedWriter(out.resolve("account.csv"), StandardCharsets.UTF_8)) {
            for (int n = 0; n < citizens; n++) {
                int household = n / 2;
                boolean head = n % 2 == 0;
                UUID householdId = id("household", household);
                if (head) {
                    String station = stations[household % stations.length];
                    households.write(String.join(",", householdId.toString(), "BENCH" + pad(household, 8), "FAMILY",
                            "重庆市" + (100 + household % 900) + "号(bench)", station, id("person", n).toString()));
                    households.newLine();
                }
                Sex sex = head ? Sex.M : Sex.F;
                // unique by construction: one (division, birth date) per citizen pair, sequence 101 (M) or 102 (F)
                String division = DIVISIONS.get(household % DIVISIONS.size());
                LocalDate birth = FIRST_BIRTH_DATE.plusDays(household / DIVISIONS.size());
                String idNumber = IdNumbers.generate(division, birth, sex, head ? 101 : 102);
                String name = SURNAMES[household % SURNAMES.length]
                        + (head ? GIVEN_M[(household / 7) % GIVEN_M.length] : GIVEN_F[(household / 7) % GIVEN_F.length]);
                persons.write(String.join(",", id("person", n).toString(), householdId.toString(),
                        protector.encrypt(PersonalDataKind.ID_NUMBER, idNumber),
                        protector.blindIndex(PersonalDataKind.ID_NUMBER, idNumber), name, sex.name(), birth.toString(),
                        "汉族", head ? "HEAD" : "SPOUSE", "ACTIVE"));
                persons.newLine();
                String phone = "136" + pad(n, 8);
                accounts.write(String.join(",", id("account", n).toString(),
                        protector.encrypt(PersonalDataKind.PHONE, phone), protector.blindIndex(PersonalDataKind.PHONE, phone),
                        "L2", id("person", n).toString(), createdAt, Integer.toString(n)));
                accounts.newLine();
            }
        }
        System.out.println(citizens + " citizens in " + ((citizens + 1) / 2) + " households written to " + out);
    }

    private static UUID id(String kind, int n) {
        return UUID.nameUUIDFromBytes(("errandless-bench:" + kind + ":" + n).getBytes(StandardCharsets.UTF_8));
    }

    private static String pad(int value, int width) {
        String text = Integer.toString(value);
        return "0".repeat(Math.max(0, width - text.length())) + text;
    }
}
