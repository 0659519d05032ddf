#!/usr/bin/env python3
"""Generates a register extract for the register-import benchmark (see src/bench/README.md).

Writes, deterministically (seeded):
  OUT.ndjson  the extract as JSON Lines: the 16 demo stations, then each household followed by its members
  OUT.tsv     the same records as tab-separated rows (one per line, same order), for the plain-COPY baseline

Usage: register-import-data.py OUT [PERSONS]   (PERSONS defaults to 1000000; households come out at about 36 %)

Stations are the 16 of the demo data (same codes and names, so they import unchanged). Household numbers
(<station>B<7 digits>) and keys never clash with the demo's; ID numbers are valid GB 11643 numbers of divisions the
demo population does not use, each issued once (a counter per division, birth date and sex); about 60 % of adults
have a mobile number (139…).
"""
import json
import random
import sys
from datetime import date, timedelta

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"

STATIONS = []
for division, district, names in [
        ("500103", "渝中区", ["解放碑", "朝天门", "大坪"]),
        ("500105", "江北区", ["观音桥", "五里店", "石马河"]),
        ("500106", "沙坪坝区", ["磁器口", "小龙坎", "天星桥"]),
        ("500112", "渝北区", ["两路", "回兴", "龙溪"]),
        ("500108", "南岸区", ["南坪", "弹子石"]),
        ("500107", "九龙坡区", ["杨家坪", "石桥铺"])]:
    for i, name in enumerate(names):
        STATIONS.append((division + "%02d" % (i + 1), district + name + "派出所(demo)", district))

# birthplaces the demo population never uses for its ID numbers
BIRTH_DIVISIONS = ["500101", "500102", "500104", "500109", "500110", "500111", "500113", "500114", "500115",
                   "500116", "500117", "500118", "500119", "500120", "500151", "500152", "500153", "500154"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国文斌宇浩凯琳雪梅晨阳欣怡子轩梓涵"
STREETS = ["民族路", "民生路", "中山一路", "解放西路", "建新北路", "洋河一路", "汉渝路", "双龙大道", "南坪西路",
           "杨家坪正街", "石桥铺正街", "回兴路", "红锦大道"]
TODAY = date(2026, 9, 30)

rng = random.Random(20261204)
issued = {}


def id_number(division, born, male):
    key = (division, born, male)
    n = issued.get(key, 0)
    issued[key] = n + 1
    sequence = 2 * n + (1 if male else 2)
    if sequence > 999:
        raise SystemExit("too many people born the same day in one division")
    first17 = "%s%s%03d" % (division, born.strftime("%Y%m%d"), sequence)
    return first17 + CHECK[sum(int(c) * w for c, w in zip(first17, WEIGHTS)) % 11]


def born_between(first_year, last_year):
    start = date(first_year, 1, 1)
    return start + timedelta(days=rng.randrange((date(last_year, 12, 31) - start).days))


def name():
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


mobiles = 0


def mobile():
    global mobiles
    if rng.random() < 0.6:
        mobiles += 1
        return "139%08d" % mobiles
    return None


def main():
    out = sys.argv[1]
    persons = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    counts = {"stations": 0, "households": 0, "persons": 0}
    with open(out + ".ndjson", "w", encoding="utf-8") as ndjson, open(out + ".tsv", "w", encoding="utf-8") as tsv:
        def emit(record):
            ndjson.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
            columns = ["type", "key", "code", "household", "number", "name", "householdType", "address",
                       "station", "idNumber", "sex", "birthDate", "ethnicity", "relationship", "status", "mobile"]
            tsv.write("\t".join("\\N" if record.get(c) is None else str(record[c]) for c in columns) + "\n")

        for code, station_name, _ in STATIONS:
            emit({"type": "STATION", "code": code, "name": station_name})
            counts["stations"] += 1
        serial = 0
        while counts["persons"] < persons:
            serial += 1
            code, _, district = STATIONS[serial % len(STATIONS)]
            key = "GA-H-%08d" % serial
            size = min(rng.choices((1, 2, 3, 4, 5), weights=(20, 25, 25, 20, 10))[0], persons - counts["persons"])
            emit({"type": "HOUSEHOLD", "key": key, "number": "%sB%07d" % (code, serial), "householdType": "FAMILY",
                  "address": "重庆市%s%s%d号" % (district, rng.choice(STREETS), rng.randrange(1, 999)), "station": code})
            counts["households"] += 1
            head_male = rng.random() < 0.6
            head_born = born_between(1945, 1998)
            members = [("HEAD", head_male, head_born)]
            if size >= 2:
                members.append(("SPOUSE", not head_male, born_between(max(1940, head_born.year - 5),
                                                                     min(2000, head_born.year + 5))))
            for _ in range(max(0, size - 2)):
                if head_born.year > 1965 or rng.random() < 0.7:
                    male = rng.random() < 0.5
                    child_born = born_between(min(head_born.year + 20, 2025), min(head_born.year + 40, 2025))
                    members.append(("SON" if male else "DAUGHTER", male, child_born))
                else:
                    male = rng.random() < 0.5
                    members.append(("FATHER" if male else "MOTHER", male, born_between(1925, 1950)))
            for relationship, male, born in members:
                counts["persons"] += 1
                adult = (TODAY - born).days > 18 * 365
                record = {"type": "PERSON", "key": "GA-P-%08d" % counts["persons"], "household": key,
                          "idNumber": id_number(rng.choice(BIRTH_DIVISIONS), born, male), "name": name(),
                          "sex": "M" if male else "F", "birthDate": born.isoformat(), "ethnicity": "汉族",
                          "relationship": relationship,
                          "status": "DECEASED" if relationship in ("FATHER", "MOTHER") and rng.random() < 0.1
                          else "ACTIVE"}
                phone = mobile() if adult else None
                if phone:
                    record["mobile"] = phone
                emit(record)
    print("%d stations, %d households, %d persons (%d with a mobile) -> %s.ndjson, %s.tsv"
          % (counts["stations"], counts["households"], counts["persons"], mobiles, out, out))


if __name__ == "__main__":
    main()
