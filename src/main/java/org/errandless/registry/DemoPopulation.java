package org.errandless.registry;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.Month;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.errandless.common.crypto.PersonalDataMasks;

/**
 * The demo population, computed without a database: first every household and person of
 * {@code reference/demo-people.csv} exactly as given, then a few hundred generated persons in plausible households
 * (heads, spouses, children, elderly parents, married sons with their families, some collective households) across
 * six Chongqing districts with two or three stations each.
 *
 * <p>Deterministic: a seeded {@link Random} and a fixed reference date drive everything, so every start computes the
 * same population and the seeder can skip what is already there. All ID numbers are valid and unique; adults get a
 * demo mobile number ({@code 139…}). All of it is fictional; addresses and station names say "(demo)".
 */
final class DemoPopulation {

    static final String PEOPLE_RESOURCE = "reference/demo-people.csv";
    /** The date ages are counted from: fixed, so the population does not change with the calendar. */
    static final LocalDate REFERENCE_DATE = LocalDate.of(2026, Month.JANUARY, 1);
    static final long SEED = 20261128L;
    private static final int ADULT_AGE = 18;

    record Station(String code, String name, String divisionCode) {
    }

    record Household(UUID id, String householdNumber, HouseholdType type, String stationCode, String address,
            List<Member> members) {
        Household {
            members = List.copyOf(members);
        }

        Member head() {
            return members.stream().filter(member -> member.relationship() == Relationship.HEAD).findFirst()
                    .orElseThrow();
        }
    }

    record Member(UUID id, Relationship relationship, String name, Sex sex, LocalDate birthDate, String ethnicity,
            String idNumber, String mobile, PersonStatus status) {

        /** Masked: a member that ends up in a log must not leak the numbers. */
        @Override
        public String toString() {
            return "Member[" + name + ", " + relationship + ", " + IdNumbers.mask(idNumber) + ", "
                    + PersonalDataMasks.phone(mobile) + ", " + status + "]";
        }
    }

    private record District(String code, String name, String[] stationNames, String[] streets) {
    }

    private static final List<District> DISTRICTS = List.of(
            new District("500103", "渝中区", new String[] { "解放碑", "朝天门", "大坪" },
                    new String[] { "民族路", "民生路", "中山一路", "解放西路", "大坪正街", "上清寺路", "较场口" }),
            new District("500105", "江北区", new String[] { "观音桥", "五里店", "石马河" },
                    new String[] { "建新北路", "建新南路", "洋河一路", "五里店路", "北城天街", "石马河南桥寺" }),
            new District("500106", "沙坪坝区", new String[] { "磁器口", "小龙坎", "天星桥" },
                    new String[] { "磁器口正街", "小龙坎正街", "汉渝路", "天星桥正街", "沙南街", "大学城南路" }),
            new District("500112", "渝北区", new String[] { "两路", "回兴", "龙溪" },
                    new String[] { "双龙大道", "回兴路", "红锦大道", "新南路", "松石北路", "龙溪路" }),
            new District("500108", "南岸区", new String[] { "南坪", "弹子石" },
                    new String[] { "南坪西路", "江南大道", "弹子石正街", "南滨路", "万寿路" }),
            new District("500107", "九龙坡区", new String[] { "杨家坪", "石桥铺" },
                    new String[] { "杨家坪正街", "石桥铺正街", "谢家湾正街", "科园一路", "西郊路" }));

    private static final String[] SURNAMES = { "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
            "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭",
            "曾", "肖", "田", "董", "袁", "潘", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚",
            "卢", "钟", "谭", "陆", "范", "石", "廖", "贾", "夏", "付", "方", "邹", "熊", "秦", "江", "雷", "龙", "陶",
            "贺", "毛", "龚", "万", "向", "冉", "母" };
    private static final String[] MALE_OLD = { "建国", "建华", "国强", "志强", "德明", "永福", "洪亮", "文华", "家明",
            "树林", "长海", "光荣", "卫东", "国庆", "春生", "世荣", "大勇", "正华" };
    private static final String[] FEMALE_OLD = { "秀英", "桂兰", "淑芬", "玉兰", "秀兰", "凤英", "桂英", "素珍", "淑珍",
            "玉梅", "惠芳", "红梅", "丽华", "月娥", "素芳", "玉珍" };
    private static final String[] MALE_MIDDLE = { "伟", "磊", "勇", "军", "涛", "斌", "强", "鹏", "杰", "浩", "刚", "超",
            "明", "波", "辉", "海涛", "建军", "志勇", "晓东", "俊杰", "小兵", "川", "林峰" };
    private static final String[] FEMALE_MIDDLE = { "静", "丽", "敏", "燕", "艳", "娟", "霞", "芳", "婷", "雪", "琳",
            "晓燕", "丽娟", "红霞", "春梅", "小红", "慧", "玲", "倩", "蓉", "晓梅" };
    private static final String[] MALE_YOUNG = { "子轩", "浩然", "宇轩", "梓豪", "俊熙", "一鸣", "子墨", "浩宇", "思远",
            "天佑", "博文", "明轩", "睿", "宇航", "嘉豪", "奕辰", "铭泽", "沐阳" };
    private static final String[] FEMALE_YOUNG = { "梓涵", "欣怡", "子涵", "诗涵", "可馨", "雨桐", "思琪", "一诺", "语嫣",
            "若汐", "梦瑶", "佳怡", "雨萱", "心怡", "紫萱", "芷若", "安琪", "悦" };
    private static final String[] COLLECTIVE_KINDS = { "企业职工集体户", "学生集体户", "社区公共集体户" };

    private final List<Station> stations;
    private final List<Household> households;

    private DemoPopulation(List<Station> stations, List<Household> households) {
        this.stations = List.copyOf(stations);
        this.households = List.copyOf(households);
    }

    List<Station> stations() {
        return stations;
    }

    List<Household> households() {
        return households;
    }

    /** The fixed demo households of the CSV followed by the generated ones. */
    static DemoPopulation standard(List<String> divisionCodes) {
        List<Household> fixed = new ArrayList<>();
        Map<String, Station> stations = new LinkedHashMap<>();
        readFixed(fixed, stations);
        new Generator(new Random(SEED), divisionCodes, fixed, stations).run();
        return new DemoPopulation(new ArrayList<>(stations.values()), fixed);
    }

    /** The households of {@code demo-people.csv}, in file order, members in file order. */
    static List<Household> fixedHouseholds() {
        List<Household> fixed = new ArrayList<>();
        readFixed(fixed, new LinkedHashMap<>());
        return fixed;
    }

    private static void readFixed(List<Household> households, Map<String, Station> stations) {
        Map<String, List<Map<String, String>>> byHousehold = ReferenceCsv.read(PEOPLE_RESOURCE).stream()
                .collect(Collectors.groupingBy(row -> row.get("household_no"), LinkedHashMap::new,
                        Collectors.toList()));
        for (Map.Entry<String, List<Map<String, String>>> entry : byHousehold.entrySet()) {
            Map<String, String> first = entry.getValue().get(0);
            stations.putIfAbsent(first.get("station_code"), new Station(first.get("station_code"),
                    first.get("station_name"), first.get("division_code")));
            List<Member> members = new ArrayList<>();
            for (Map<String, String> row : entry.getValue()) {
                String idNumber = IdNumbers.normalise(row.get("id_number"));
                members.add(new Member(demoId(entry.getKey(), idNumber), Relationship.valueOf(row.get("relationship")),
                        row.get("name"), Sex.valueOf(row.get("sex")), LocalDate.parse(row.get("birth_date")),
                        row.get("ethnicity"), idNumber, row.get("mobile").isEmpty() ? null : row.get("mobile"),
                        PersonStatus.ACTIVE));
            }
            households.add(new Household(demoId(entry.getKey(), "household"), entry.getKey(),
                    HouseholdType.valueOf(first.get("household_type")), first.get("station_code"),
                    first.get("address"), members));
        }
    }

    /** Stable ids, so the demo people keep their ids when the embedded database is rebuilt. */
    /**
     * {@code value} in decimal, left-padded with zeros to {@code width} digits: {@code String.format("%0<width>d")}
     * without the formatter, which costs noticeably at every start in a cold JVM.
     */
    static String digits(int value, int width) {
        String text = Integer.toString(value);
        return text.length() >= width ? text : "0".repeat(width - text.length()) + text;
    }

    private static UUID demoId(String householdNumber, String discriminator) {
        return UUID.nameUUIDFromBytes(("errandless-demo:" + householdNumber + ":" + discriminator)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The generation itself; one instance per population. */
    private static final class Generator {

        private final Random random;
        private final List<String> divisionCodes;
        private final List<Household> households;
        private final Map<String, Station> stations;
        private final Set<String> idNumbers = new HashSet<>();
        private final Set<String> householdNumbers = new HashSet<>();
        private final Set<String> reservedNames = new HashSet<>();
        private int mobiles;

        Generator(Random random, List<String> divisionCodes, List<Household> households,
                Map<String, Station> stations) {
            this.random = random;
            this.divisionCodes = divisionCodes.stream().filter(code -> !code.endsWith("00")).sorted().toList();
            this.households = households;
            this.stations = stations;
            for (Household household : households) {
                householdNumbers.add(household.householdNumber());
                for (Member member : household.members()) {
                    idNumbers.add(member.idNumber());
                    reservedNames.add(member.name());
                }
            }
        }

        void run() {
            for (District district : DISTRICTS) {
                for (int s = 0; s < district.stationNames().length; s++) {
                    String stationCode = district.code() + digits(s + 1, 2);
                    stations.putIfAbsent(stationCode, new Station(stationCode,
                            district.name() + district.stationNames()[s] + "派出所(demo)", district.code()));
                    int families = 6 + random.nextInt(3);
                    for (int f = 0; f < families; f++) {
                        households.add(family(district, nextHouseholdNumber(stationCode), stationCode));
                    }
                    if (s == 0) {
                        households.add(collective(district, nextHouseholdNumber(stationCode), stationCode));
                    }
                }
            }
        }

        /** Station code + 5-digit serial; generated serials start at 00101, clear of hand-made ones. */
        private String nextHouseholdNumber(String stationCode) {
            for (int serial = 101;; serial++) {
                String number = stationCode + digits(serial, 5);
                if (householdNumbers.add(number)) {
                    return number;
                }
            }
        }

        private Household family(District district, String number, String stationCode) {
            List<Member> members = new ArrayList<>();
            String ethnicity = ethnicity();
            int headAge = 26 + random.nextInt(48);
            Sex headSex = random.nextInt(10) < 7 ? Sex.M : Sex.F;
            String headSurname = surname();
            LocalDate headBirth = birthDate(headAge);
            members.add(member(number, Relationship.HEAD, headSurname, headSex, headBirth, ethnicity, district));

            boolean married = random.nextInt(100) < 85;
            String spouseSurname = surname();
            LocalDate spouseBirth = null;
            if (married) {
                int gap = headSex == Sex.M ? -1 - random.nextInt(5) : 1 + random.nextInt(5);
                spouseBirth = birthDate(Math.max(22, headAge + gap));
                members.add(member(number, Relationship.SPOUSE, spouseSurname, other(headSex), spouseBirth,
                        random.nextInt(10) == 0 ? ethnicity() : ethnicity, district));
            }
            String childSurname = headSex == Sex.M || !married ? headSurname : spouseSurname;
            LocalDate motherBirth = headSex == Sex.F ? headBirth : married ? spouseBirth : headBirth.minusYears(2);
            int children = headAge < 30 ? random.nextInt(2) : 1 + random.nextInt(motherBirth.getYear() < 1975 ? 3 : 2);
            LocalDate previous = null;
            for (int c = 0; c < children; c++) {
                LocalDate birth = previous == null ? motherBirth.plusYears(22 + random.nextInt(8))
                        : previous.plusYears(2 + random.nextInt(4));
                birth = birth.plusDays(random.nextInt(300));
                if (!birth.isBefore(REFERENCE_DATE.minusMonths(2))) {
                    break;
                }
                previous = birth;
                int age = ageOf(birth);
                Sex sex = random.nextBoolean() ? Sex.M : Sex.F;
                if (age >= 26 && random.nextInt(100) < 55) {
                    continue; // grown up and registered elsewhere
                }
                members.add(member(number, sex == Sex.M ? Relationship.SON : Relationship.DAUGHTER, childSurname, sex,
                        birth, ethnicity, district));
                if (sex == Sex.M && age >= 27 && random.nextInt(100) < 60) {
                    LocalDate wifeBirth = birth.plusYears(1).plusDays(random.nextInt(700));
                    members.add(member(number, Relationship.DAUGHTER_IN_LAW, surname(), Sex.F, wifeBirth, ethnicity(),
                            district));
                    int grandchildren = 1 + random.nextInt(2);
                    LocalDate grandchild = wifeBirth.plusYears(24 + random.nextInt(5));
                    for (int g = 0; g < grandchildren && grandchild.isBefore(REFERENCE_DATE.minusMonths(2)); g++) {
                        Sex grandchildSex = random.nextBoolean() ? Sex.M : Sex.F;
                        members.add(member(number, grandchildSex == Sex.M ? Relationship.GRANDSON
                                : Relationship.GRANDDAUGHTER, childSurname, grandchildSex, grandchild, ethnicity,
                                district));
                        grandchild = grandchild.plusYears(2 + random.nextInt(4)).plusDays(random.nextInt(200));
                    }
                }
            }
            if (headAge >= 30 && headAge <= 58 && random.nextInt(100) < 22) {
                boolean both = random.nextBoolean();
                LocalDate fatherBirth = headBirth.minusYears(25 + random.nextInt(8)).minusDays(random.nextInt(300));
                if (both || random.nextBoolean()) {
                    members.add(elder(number, Relationship.FATHER, headSurname, Sex.M, fatherBirth, ethnicity,
                            district));
                }
                if (both || members.get(members.size() - 1).relationship() != Relationship.FATHER) {
                    members.add(elder(number, Relationship.MOTHER, surname(), Sex.F,
                            fatherBirth.plusYears(1 + random.nextInt(4)), ethnicity, district));
                }
            }
            return new Household(demoId(number, "household"), number, HouseholdType.FAMILY, stationCode,
                    address(district), members);
        }

        private Household collective(District district, String number, String stationCode) {
            String kind = COLLECTIVE_KINDS[random.nextInt(COLLECTIVE_KINDS.length)];
            int size = 5 + random.nextInt(5);
            List<Member> members = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                Sex sex = random.nextBoolean() ? Sex.M : Sex.F;
                int age = kind.equals("学生集体户") ? 18 + random.nextInt(6) : 20 + random.nextInt(25);
                // collective members come from all over the city
                String division = divisionCodes.get(random.nextInt(divisionCodes.size()));
                members.add(member(number, i == 0 ? Relationship.HEAD : Relationship.OTHER, surname(), sex,
                        birthDate(age), ethnicity(), division, PersonStatus.ACTIVE));
            }
            String address = "重庆市" + district.name() + pick(district.streets()) + (1 + random.nextInt(300)) + "号"
                    + kind + "(demo)";
            return new Household(demoId(number, "household"), number, HouseholdType.COLLECTIVE, stationCode, address,
                    members);
        }

        private Member elder(String number, Relationship relationship, String surname, Sex sex, LocalDate birth,
                String ethnicity, District district) {
            boolean deceased = ageOf(birth) >= 82 && random.nextInt(100) < 30;
            return member(number, relationship, surname, sex, birth, ethnicity, birthDivision(district, birth),
                    deceased ? PersonStatus.DECEASED : PersonStatus.ACTIVE);
        }

        private Member member(String number, Relationship relationship, String surname, Sex sex, LocalDate birth,
                String ethnicity, District district) {
            return member(number, relationship, surname, sex, birth, ethnicity, birthDivision(district, birth),
                    PersonStatus.ACTIVE);
        }

        private Member member(String number, Relationship relationship, String surname, Sex sex, LocalDate birth,
                String ethnicity, String division, PersonStatus status) {
            String name = name(surname, sex, birth);
            String idNumber;
            do {
                idNumber = IdNumbers.generate(division, birth, sex, random);
            } while (!idNumbers.add(idNumber));
            String mobile = null;
            if (status == PersonStatus.ACTIVE && ageOf(birth) >= ADULT_AGE) {
                mobiles++;
                mobile = "139" + digits(20260000 + mobiles, 8);
            }
            return new Member(demoId(number, idNumber), relationship, name, sex, birth, ethnicity, idNumber, mobile,
                    status);
        }

        /** Most were born where they live; older people and some others elsewhere in the city. */
        private String birthDivision(District district, LocalDate birth) {
            boolean elsewhere = birth.getYear() < 1990 ? random.nextInt(100) < 35 : random.nextInt(100) < 10;
            return elsewhere ? divisionCodes.get(random.nextInt(divisionCodes.size())) : district.code();
        }

        private String name(String surname, Sex sex, LocalDate birth) {
            String[] given = birth.getYear() < 1968 ? (sex == Sex.M ? MALE_OLD : FEMALE_OLD)
                    : birth.getYear() < 1998 ? (sex == Sex.M ? MALE_MIDDLE : FEMALE_MIDDLE)
                            : (sex == Sex.M ? MALE_YOUNG : FEMALE_YOUNG);
            String name;
            do {
                name = surname + pick(given);
            } while (reservedNames.contains(name));
            return name;
        }

        private String address(District district) {
            return "重庆市" + district.name() + pick(district.streets()) + (1 + random.nextInt(400)) + "号"
                    + (1 + random.nextInt(12)) + "栋" + (1 + random.nextInt(3)) + "单元"
                    + (1 + random.nextInt(30)) + digits(1 + random.nextInt(6), 2) + "(demo)";
        }

        private LocalDate birthDate(int age) {
            return REFERENCE_DATE.minusYears(age + 1L).plusDays(random.nextInt(365));
        }

        private String ethnicity() {
            int roll = random.nextInt(100);
            return roll < 90 ? "汉族" : roll < 96 ? "土家族" : roll < 99 ? "苗族" : "回族";
        }

        private String surname() {
            return pick(SURNAMES);
        }

        private String pick(String[] values) {
            return values[random.nextInt(values.length)];
        }

        private static Sex other(Sex sex) {
            return sex == Sex.M ? Sex.F : Sex.M;
        }

        private static int ageOf(LocalDate birth) {
            return Period.between(birth, REFERENCE_DATE).getYears();
        }
    }
}
